-- NHS England's monthly A&E attendances as the values of a healthdash
-- bundle, in Spark SQL: the same computation as
-- examples/publish-with-duckdb/publish.sql (and healthdash's own importer,
-- crates/cli/src/build/ae.rs). publish.py registers the inputs as the views
-- *_csv (every column text) and runs these statements in order.

CREATE OR REPLACE TEMP VIEW trust_icb AS
SELECT nhs_trust22_code AS trust, icb22_code AS icb, CAST(proportion_trust_came_from_icb AS DOUBLE) AS share
FROM trust_icb_csv;

CREATE OR REPLACE TEMP VIEW trust_region AS
SELECT nhs_trust22_code AS trust, nhs_trust22_name AS trust_name, nullif(nhs_region21_ons_code, '') AS region, nhs_region21_name AS region_name
FROM trust_region_csv;

-- Both A&E files: one row per organisation and month. Counts stay NULL when blank.
CREATE OR REPLACE TEMP VIEW attendances AS
SELECT 'trust' AS org_type, nhs_trust22_code AS org_code, CAST(total_attendances AS DOUBLE) AS total,
       CAST(attendances_over_4hours AS DOUBLE) AS over_4h, `date` AS month
FROM ae_trust_csv
UNION ALL
SELECT 'icb', icb22_code, CAST(total_attendances AS DOUBLE), CAST(attendances_over_4hours AS DOUBLE), `date`
FROM ae_icb_csv;

-- What stops `healthdash build` stops this too (publish.py stops when any row is here).
CREATE OR REPLACE TEMP VIEW problems AS
SELECT concat('A&E: ', org_code, ', ', month, ': attendances over 4 hours outside 0 to the total') AS problem
FROM attendances WHERE total < 0 OR over_4h < 0 OR over_4h > total
UNION ALL
SELECT concat('A&E: trust ', org_code, ' is not in lookup_nhs_trusts22_nhs_region21.csv')
FROM attendances a WHERE org_type = 'trust' AND NOT EXISTS (SELECT 1 FROM trust_region r WHERE r.trust = a.org_code);

-- A trust's main ICB: the largest share of its patients (ties: the lowest code).
CREATE OR REPLACE TEMP VIEW main_icb AS
SELECT trust, icb FROM (
  SELECT trust, icb, row_number() OVER (PARTITION BY trust ORDER BY share DESC, icb) AS k
  FROM trust_icb WHERE share > 0
) WHERE k = 1;

-- An ICB's region: the region of most of the trusts whose main ICB it is;
-- ties, and ICBs no trust has as its main ICB, by the region with the largest
-- share of the ICB's patients (then the highest region code).
CREATE OR REPLACE TEMP VIEW icb_region AS
SELECT icb, region FROM (
  SELECT icb, region, row_number() OVER (PARTITION BY icb ORDER BY trusts DESC, share DESC, region DESC) AS k
  FROM (
    SELECT s.icb, r.region, count(DISTINCT CASE WHEN m.icb = s.icb THEN s.trust END) AS trusts, sum(s.share) AS share
    FROM trust_icb s
    JOIN trust_region r ON r.trust = s.trust AND r.region IS NOT NULL
    LEFT JOIN main_icb m ON m.trust = s.trust
    GROUP BY s.icb, r.region
  ) WHERE trusts > 0 OR share > 0
) WHERE k = 1;

-- Months with no attendances (or none stated) are left out; months with
-- attendances but a blank over-4-hours count keep the attendances with the
-- value missing. Value = (total − over 4 hours) ÷ total × 100; Wilson score
-- limits in percent, clamped to 0–100 (greatest and least skip NULLs, hence
-- the CASE), z = 1.959963984540054 (95%) and 3.090232306167813 (99.8%).
CREATE OR REPLACE TEMP VIEW counted AS
SELECT org_type, org_code, to_date(month, 'MMMM yyyy') AS period_start, total - over_4h AS o, total AS n,
       1.959963984540054D AS z95, 3.090232306167813D AS z998
FROM attendances WHERE total > 0;

CREATE OR REPLACE TEMP VIEW bundle_values AS
SELECT 'ae_4_hours' AS indicator_id, org_type, org_code,
       period_start, last_day(period_start) AS period_end, date_format(period_start, 'MMM yyyy') AS period_label,
       o AS numerator, n AS denominator, o / n * 100.0D AS value,
       CASE WHEN o IS NOT NULL THEN greatest(0.0D, least(1.0D, (2.0D * o + z95 * z95 - z95 * sqrt(z95 * z95 + 4.0D * o * (1.0D - o / n))) / (2.0D * (n + z95 * z95)))) * 100.0D END AS lower_95,
       CASE WHEN o IS NOT NULL THEN greatest(0.0D, least(1.0D, (2.0D * o + z95 * z95 + z95 * sqrt(z95 * z95 + 4.0D * o * (1.0D - o / n))) / (2.0D * (n + z95 * z95)))) * 100.0D END AS upper_95,
       CASE WHEN o IS NOT NULL THEN greatest(0.0D, least(1.0D, (2.0D * o + z998 * z998 - z998 * sqrt(z998 * z998 + 4.0D * o * (1.0D - o / n))) / (2.0D * (n + z998 * z998)))) * 100.0D END AS lower_998,
       CASE WHEN o IS NOT NULL THEN greatest(0.0D, least(1.0D, (2.0D * o + z998 * z998 + z998 * sqrt(z998 * z998 + 4.0D * o * (1.0D - o / n))) / (2.0D * (n + z998 * z998)))) * 100.0D END AS upper_998
FROM counted;

-- The areas table (AreaCode, AreaName, AreaType, Level, Children): the trusts
-- and ICBs with values, each trust's main ICB, and their regions.
CREATE OR REPLACE TEMP VIEW placed AS
SELECT DISTINCT v.org_code AS trust, m.icb, r.region
FROM bundle_values v JOIN trust_region r ON r.trust = v.org_code LEFT JOIN main_icb m ON m.trust = v.org_code
WHERE v.org_type = 'trust';

CREATE OR REPLACE TEMP VIEW icbs AS
SELECT c.code AS icb, ir.region FROM (
  SELECT org_code AS code FROM bundle_values WHERE org_type = 'icb'
  UNION SELECT icb FROM placed WHERE icb IS NOT NULL
) c LEFT JOIN icb_region ir ON ir.icb = c.code;

-- ICB names as healthdash build takes them: the IMD 2025 summary, then the Fingertips areas table.
CREATE OR REPLACE TEMP VIEW icb_names AS
SELECT i.icb, coalesce(d.name, f.name, i.icb) AS name
FROM icbs i
LEFT JOIN (SELECT icb24_code AS code, first(icb24_name) AS name FROM imd_csv GROUP BY icb24_code) d ON d.code = i.icb
LEFT JOIN (SELECT AreaCode AS code, first(AreaName) AS name FROM areas_csv GROUP BY AreaCode) f ON f.code = i.icb;

CREATE OR REPLACE TEMP VIEW regions AS
SELECT region, first(region_name) AS name FROM trust_region
WHERE region IN (SELECT region FROM placed UNION SELECT region FROM icbs)
GROUP BY region;

-- Rows in the order a child's parents are listed: an ICB before a region, so
-- a trust's parents are its main ICB, then its region.
CREATE OR REPLACE TEMP VIEW bundle_areas AS
SELECT 1 AS part, i.icb AS AreaCode, n.name AS AreaName, 'NHS integrated care boards' AS AreaType, 2 AS Level,
       array_join(array_sort(collect_list(p.trust)), '|') AS Children
FROM icbs i JOIN icb_names n ON n.icb = i.icb LEFT JOIN placed p ON p.icb = i.icb
GROUP BY i.icb, n.name
UNION ALL
SELECT 2, g.region, g.name, 'NHS regions', 1, array_join(array_sort(collect_set(c.code)), '|')
FROM regions g LEFT JOIN (SELECT icb AS code, region FROM icbs UNION SELECT trust, region FROM placed) c ON c.region = g.region
GROUP BY g.region, g.name
UNION ALL
SELECT 3, 'E92000001', 'England', 'England', 0, array_join(array_sort(collect_list(region)), '|') FROM regions
UNION ALL
SELECT 4, p.trust, first(r.trust_name), 'NHS trusts', 3, ''
FROM placed p JOIN trust_region r ON r.trust = p.trust
GROUP BY p.trust;
