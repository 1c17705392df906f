-- Indexes for the goals dashboard and the caseload screen (issue 4,
-- "Performance"). Local to each database: indexes are not synced, and these
-- change no table. Each one lets a read answer from the index alone instead
-- of visiting the table row (EXPLAIN QUERY PLAN: "COVERING INDEX").

-- The scope of a case by its key (goals: evaluations and referrals are
-- tested against the house or location of their case).
CREATE INDEX case_file_scope ON case_file(id, location);
-- The open cases of a location for the caseload screen (status, dates,
-- consultant, company and key, without the row), and the keys of the
-- cases of a house or branch for the goals (their served cases are picked
-- before any of them is read); replaces case_file(location, status).
CREATE INDEX case_file_caseload ON case_file(location, status, opened, consultant_id, company_id, id);
DROP INDEX case_file_location;
-- Open referrals by case and follow-up date: the overdue follow-ups of a
-- case in one probe (the WHERE matches the caseload query's, so the
-- planner may use this partial index).
CREATE INDEX referral_open_follow_up ON referral(case_id, follow_up)
  WHERE status IN ('proposed', 'sent', 'accepted') AND follow_up IS NOT NULL;
-- Registrations in a period (goal VII); replaces case_file(opened).
CREATE INDEX case_file_opened_scope ON case_file(opened, location, source, company_id);
DROP INDEX case_file_opened;
-- Evaluations answered in a period (goals II and III); replaces
-- evaluation(answered).
CREATE INDEX evaluation_period ON evaluation(answered, case_id, recommend, effect);
DROP INDEX evaluation_answered;
-- Referrals made in a period (goal IV); replaces referral(referred_on).
CREATE INDEX referral_period ON referral(referred_on, case_id, organisation_id, status);
DROP INDEX referral_date;
