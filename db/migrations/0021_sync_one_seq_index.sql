-- sync_row.cseq becomes the newest seq of the row, its own record or any
-- cell; its index serves the export of rows and of cells alike, so a row's
-- metadata written by an import or a flush updates one index, not two.
UPDATE sync_row SET cseq = max(seq, cseq);
DROP INDEX sync_row_seq;
