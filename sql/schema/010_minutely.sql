-- Schema version 10: a minute-grain rollup for the Live page (issue 15): counted events per
-- minute, article, type and share channel, kept for the last two days only (every run trims
-- it: sql/ops/trim_minutely.sql). Additive: a minute delivered in two loads has two rows, every
-- reader sums them. Filled by sql/rollup/minutely.sql.
CREATE TABLE minutely (
    minute     TIMESTAMPTZ NOT NULL,
    article_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    channel    VARCHAR,
    events     BIGINT NOT NULL
);
