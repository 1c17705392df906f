/* Fictional Danish data from word lists and a splitmix64 generator. */
#include "src/fakedata.h"
#include "src/cvr.h"

#include <stdio.h>
#include <string.h>

void fake_seed(struct fake_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t fake_next(struct fake_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned fake_below(struct fake_rng *r, unsigned n)
{
	return (unsigned)(fake_next(r) % n);
}

const char *fake_pick(struct fake_rng *r, const char *const *list)
{
	unsigned n = 0;

	while (list[n])
		n++;
	return list[fake_below(r, n)];
}

const char *const fake_first_names[] = {
	"Anne", "Mette", "Kirsten", "Hanne", "Anna", "Helle", "Susanne", "Lene", "Maria",
	"Marianne", "Lone", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Gitte", "Bente",
	"Sofie", "Ida", "Emma", "Freja", "Line", "Julie", "Cecilie", "Signe", "Maja", "Åse",
	"Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels",
	"Christian", "Martin", "Jørgen", "Hans", "Anders", "Morten", "Jesper", "Ole", "Per",
	"Rasmus", "Mads", "Mikkel", "Frederik", "Emil", "Jonas", "Kasper", "Bjørn", "Øjvind",
	"Aksel", "Asger", "Jakob", "Troels", "Ulrik", "Halfdan", "Yasmin", "Ahmed", "Fatima",
	"Mohammad", "Ewa", "Piotr", "Ingrid", "Karen", "Else", NULL,
};

const char *const fake_surnames[] = {
	"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
	"Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
	"Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
	"Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt",
	"Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen",
	"Iversen", "Østergaard", "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær",
	"Jespersen", "Mogensen", "Skov", "Dahl", "Bach", "Krogh", "Aagaard", "Søndergaard",
	"Nygaard", "Nygård", "Bertelsen", "Ærenlund", "Overgaard", "Enevoldsen", "Damgaard",
	"Winther", "Friis", "Bruun", "Lindberg", "Kaas", "Ahmed", "Nowak", "Yilmaz", NULL,
};

static const char *const trades[] = {
	"Tømrer", "Murer", "VVS", "El-service", "Elektro", "Byg", "Entreprise", "Maskinfabrik",
	"Rådgivning", "Consult", "IT", "Software", "Data", "Design", "Arkitekter", "Bageri",
	"Slagteri", "Revision", "Regnskab", "Transport", "Logistik", "Vognmandsforretning",
	"Tandklinik", "Frisør", "Smedie", "Anlæg", "Ejendomme", "Holding", "Invest", "Marketing",
	"Kommunikation", "Event", "Film", "Gartneri", "Planteskole", "Økologi", "Mejeri",
	"Bryggeri", "Destilleri", "Energi", "Solenergi", "Vindteknik", "Robotics", "Automation",
	"Analyse", "Engineering", "Plast", "Metal", "Trælast", "Møbler", "Tekstil", "Print",
	"Cykler", "Biler", "Autoværksted", "Catering", "Café", "Restaurant", "Hotel",
	"Kro", "Fisk", "Landbrug", "Maskinstation", "Rengøring", "Vinduespolering",
	"Sikkerhed", "Medico", "Biotek", "Foods", "Kaffe", "Chokolade", "Is", "Læder",
	"Keramik", "Glas", "Tag", "Kloak", "Maling", "Gulve", "Køkkener", "Akustik", NULL,
};

static const char *const places[] = {
	"Nordisk", "Dansk", "Jydsk", "Fynsk", "Sjællandsk", "Vestjysk", "Østjysk", "Nordjysk",
	"Sønderjysk", "Øresund", "Limfjord", "Kattegat", "Vadehav", "Himmerland", "Thy",
	"Mols", "Djurs", "Vendsyssel", "Salling", "Bornholms", "Lolland", "Falster", "Møns",
	"Ærø", "Aabenraa", "Aarhus", "Aalborg", "Odense", "Esbjerg", "Vejle", "Kolding",
	"Horsens", "Randers", "Herning", "Silkeborg", "Næstved", "Roskilde", "Hillerød",
	"Ørsted", "Nord", "Syd", "Øst", "Vest", "Grøn", "Blå", "Ny", "Gammel", "Den Lille",
	"Skandinavisk", "Baltic", "Green", "Smart", "Nordic", NULL,
};

static const char *const suffixes[] = {
	"ApS", "ApS", "ApS", "ApS", "A/S", "A/S", "I/S", "K/S", "P/S", "", "", "", "& Co.",
	"& Søn", "Holding ApS", "Group A/S", NULL,
};

static const char *const street_stems[] = {
	"Nørre", "Søndre", "Vester", "Øster", "Kirke", "Skole", "Mølle", "Strand", "Skov",
	"Bøge", "Ege", "Birke", "Hede", "Engh", "Bakke", "Havne", "Stations", "Industri",
	"Fabriks", "Værksteds", "Åboulevard", "Ring", "Toft", "Lærke", "Kastanie", "Rosen",
	"Hasse", "Gyvel", "Lyng", "Fjord", "Sø", "Bro", "Tårn", "Ålekiste", "Aa", NULL,
};

static const char *const street_kinds[] = {
	"vej", "vej", "vej", "gade", "gade", "allé", "stræde", "parken", "toften", "bakken",
	"vænget", "have", NULL,
};

const char *const fake_roles[] = {
	"direktør", "ejer", "indehaver", "økonomichef", "salgschef", "produktionschef",
	"medstifter", "bestyrelsesformand", "HR-ansvarlig", "projektleder", "bogholder", NULL,
};

const char *const fake_case_titles[] = {
	"Ønsker hjælp til eksport til Tyskland",
	"Vil digitalisere ordrestyringen",
	"Søger kapital til ny produktionslinje",
	"Generationsskifte om tre år",
	"Vil i gang med e-handel",
	"Har brug for en forretningsplan",
	"Automatisering af pakning og lager",
	"Grøn omstilling: energiforbrug og CO2-regnskab",
	"IT-sikkerhed og GDPR efter et hackerangreb",
	"Ny ledelse og organisering efter vækst",
	"Patent og beskyttelse af et nyt produkt",
	"Rekruttering af faglært arbejdskraft",
	"Vil sælge virksomheden",
	"Iværksætter med en idé til en app",
	"Certificering (ISO 9001) til en ny kunde",
	"Markedsføringstilladelse til medicinsk udstyr",
	NULL,
};

const char *const fake_meeting_texts[] = {
	"Gennemgik virksomhedens situation og ønsker. Aftalt næste skridt.",
	"Drøftede eksportmuligheder; henvisning til The Trade Council overvejes.",
	"Gennemgang af forretningsmodel og økonomi. Ejeren sender budget.",
	"Kort opfølgning pr. telefon; planen holder.",
	"Besøg i produktionen. Potentiale i automatisering af pakning.",
	"Afklaring af kapitalbehov; Vækstfonden og Innovationsfonden nævnt.",
	"Workshop om digital strategi med ledelsen.",
	"Talte om generationsskifte og værdiansættelse; rådgiver fra privat side foreslået.",
	NULL,
};

const char *const fake_note_texts[] = {
	"Ringede; ikke truffet. Prøver igen i næste uge.",
	"Materiale om tilskudsordninger sendt pr. e-mail.",
	"Virksomheden har selv kontaktet en revisor.",
	"Afventer tal fra regnskabet.",
	"Ejeren er på ferie til midten af måneden.",
	NULL,
};

const char *const fake_outcomes[] = {
	"Handlingsplan udarbejdet; virksomheden går selv videre",
	"Henvist til Innovationsfonden",
	"Henvist til privat rådgiver",
	"Eksportplan klar; henvist til The Trade Council",
	"Virksomheden ønskede ikke at fortsætte",
	"Generationsskifte gennemført",
	NULL,
};

const char *const fake_industries[] = {
	"412000", "432100", "432200", "433200", "620100", "620200", "631100", "691000",
	"692000", "702200", "711100", "731100", "561010", "107100", "251100", "282900",
	"494100", "471100", "479110", "960210", "812100", "016100", "011100", "862300", NULL,
};

void fake_company_name(struct fake_rng *r, char *out, size_t outlen)
{
	const char *sfx = fake_pick(r, suffixes);
	const char *sep = *sfx ? " " : "";

	switch (fake_below(r, 6)) {
	case 0:
	case 1:
		snprintf(out, outlen, "%s %s%s%s", fake_pick(r, fake_surnames), fake_pick(r, trades),
			 sep, sfx);
		break;
	case 2:
	case 3:
		snprintf(out, outlen, "%s %s%s%s", fake_pick(r, places), fake_pick(r, trades), sep, sfx);
		break;
	case 4:
		snprintf(out, outlen, "%s & %s%s%s", fake_pick(r, fake_surnames),
			 fake_pick(r, fake_surnames), sep, sfx);
		break;
	default: {
		const char *first = fake_pick(r, fake_first_names);
		snprintf(out, outlen, "%s %s %s%s%s", first, fake_pick(r, fake_surnames),
			 fake_pick(r, trades), sep, sfx);
		break;
	}
	}
}

void fake_person_name(struct fake_rng *r, char *out, size_t outlen)
{
	if (fake_below(r, 4) == 0)
		snprintf(out, outlen, "%s %s %s", fake_pick(r, fake_first_names),
			 fake_pick(r, fake_surnames), fake_pick(r, fake_surnames));
	else
		snprintf(out, outlen, "%s %s", fake_pick(r, fake_first_names), fake_pick(r, fake_surnames));
}

void fake_street(struct fake_rng *r, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s%s %u", fake_pick(r, street_stems), fake_pick(r, street_kinds),
		 1 + fake_below(r, 150));
}

void fake_phone(struct fake_rng *r, char *out, size_t outlen)
{
	snprintf(out, outlen, "%02u %02u %02u %02u", 20 + fake_below(r, 80), fake_below(r, 100),
		 fake_below(r, 100), fake_below(r, 100));
}

/* Lower-case ASCII letters of s (Danish letters spelt out), up to n. */
static size_t ascii_part(const char *s, char *out, size_t n, bool first_word)
{
	size_t k = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p && k + 3 < n; p++) {
		if (*p == ' ' && first_word)
			break;
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			out[k++] = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			out[k++] = (char)(*p + 32);
		else if (*p == 0xc3 && p[1]) {
			const char *sub = (p[1] == 0xa6 || p[1] == 0x86) ? "ae"
					  : (p[1] == 0xb8 || p[1] == 0x98) ? "oe"
					  : (p[1] == 0xa5 || p[1] == 0x85) ? "aa" : "";
			memcpy(out + k, sub, strlen(sub));
			k += strlen(sub);
			p++;
		}
	}
	out[k] = '\0';
	return k;
}

void fake_email(const char *person, const char *company, char *out, size_t outlen)
{
	char who[40], where[40];

	ascii_part(person, who, sizeof who, true);
	ascii_part(company, where, sizeof where, false);
	snprintf(out, outlen, "%s@%.24s.example.dk", who, where);
}

bool fake_cvr(uint32_t i, char out[9])
{
	char seven[8];

	snprintf(seven, sizeof seven, "%07u",
		 1000000u + (unsigned)(((uint64_t)i * 7919u + 4242421u) % 9000000u));
	return cvr_complete(seven, out);
}
