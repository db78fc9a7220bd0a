-- STANs (ISO 8583 field 11) for every server's link, in blocks: the network tells transactions
-- apart by terminal, STAN and transmission second, so servers sending for one terminal id must not
-- draw the same STAN. Each server reserves the next block here (one row, updated under its lock)
-- and uses it alone; STANs cycle through 1..999999.
CREATE TABLE network_stan_blocks (
    id        INTEGER PRIMARY KEY,
    next_stan INTEGER NOT NULL
);
INSERT INTO network_stan_blocks (id, next_stan) VALUES (1, 1);
