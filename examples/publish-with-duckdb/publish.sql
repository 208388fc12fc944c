-- NHS England's monthly A&E attendances, by trust and by ICB, as the values
-- of a healthdash bundle: the indicator "A&E attendances within 4 hours"
-- (ae_4_hours), computed exactly as `healthdash build` computes it
-- (crates/cli/src/build/ae.rs), and an areas table placing every trust and
-- ICB in the NHS hierarchy for `healthdash index --areas`.
--
-- Run by publish.py, which sets the variable `data` to the folder of the
-- published files (../shared/data) and then writes each indicator ×
-- organisation type of `bundle_values` to values/<indicator>/<type>.parquet
-- and `bundle_areas` to a CSV. Every input is read where it lies.

-- ---- inputs --------------------------------------------------------------

CREATE OR REPLACE TEMP TABLE trust_icb AS
SELECT nhs_trust22_code AS trust, icb22_code AS icb, proportion_trust_came_from_icb::DOUBLE AS share
FROM read_csv(getvariable('data') || '/lookups/lookup_nhs_trusts22_icb22.csv', header = true, all_varchar = true);

CREATE OR REPLACE TEMP TABLE trust_region AS
SELECT nhs_trust22_code AS trust, nhs_trust22_name AS trust_name,
       nullif(nhs_region21_ons_code, '') AS region, nhs_region21_name AS region_name
FROM read_csv(getvariable('data') || '/lookups/lookup_nhs_trusts22_nhs_region21.csv', header = true, all_varchar = true);

-- Both A&E files: one row per organisation and month. Counts stay NULL when blank.
CREATE OR REPLACE TEMP TABLE attendances AS
SELECT 'trust' AS org_type, nhs_trust22_code AS org_code, total_attendances::DOUBLE AS total,
       attendances_over_4hours::DOUBLE AS over_4h, "date" AS month
FROM read_csv(getvariable('data') || '/ae/england_trust_accidents_emergency.csv', header = true, all_varchar = true)
UNION ALL
SELECT 'icb', icb22_code, total_attendances::DOUBLE, attendances_over_4hours::DOUBLE, "date"
FROM read_csv(getvariable('data') || '/ae/england_icb_accidents_emergency.csv', header = true, all_varchar = true);

-- What stops `healthdash build` stops this too: impossible counts, unknown trusts.
SELECT error('A&E: ' || org_code || ', ' || month || ': attendances over 4 hours (' || over_4h || ') outside 0 to the total (' || total || ')')
FROM attendances WHERE total < 0 OR over_4h < 0 OR over_4h > total;
SELECT error('A&E: trust ' || org_code || ' is not in lookup_nhs_trusts22_nhs_region21.csv')
FROM attendances a WHERE org_type = 'trust' AND NOT EXISTS (SELECT 1 FROM trust_region r WHERE r.trust = a.org_code);

-- ---- the hierarchy ---------------------------------------------------------

-- A trust's main ICB: the largest share of its patients (ties: the lowest code).
CREATE OR REPLACE TEMP TABLE main_icb AS
SELECT trust, icb FROM (
  SELECT trust, icb, row_number() OVER (PARTITION BY trust ORDER BY share DESC, icb) AS k
  FROM trust_icb WHERE share > 0
) WHERE k = 1;

-- An ICB's region: the region of most of the trusts whose main ICB it is;
-- ties, and ICBs no trust has as its main ICB, by the region with the largest
-- share of the ICB's patients (then the highest region code).
CREATE OR REPLACE TEMP TABLE icb_region AS
SELECT icb, region FROM (
  SELECT icb, region, row_number() OVER (PARTITION BY icb ORDER BY trusts DESC, share DESC, region DESC) AS k
  FROM (
    SELECT s.icb, r.region, count(DISTINCT s.trust) FILTER (WHERE m.icb = s.icb) AS trusts, sum(s.share) AS share
    FROM trust_icb s
    JOIN trust_region r ON r.trust = s.trust AND r.region IS NOT NULL
    LEFT JOIN main_icb m ON m.trust = s.trust
    GROUP BY s.icb, r.region
  ) WHERE trusts > 0 OR share > 0
) WHERE k = 1;

-- ---- the values ------------------------------------------------------------

-- Wilson score limits of a proportion o / n, in percent (z: 1.959963984540054
-- for 95%, 3.090232306167813 for 99.8%), clamped to 0–100 as healthdash's
-- stats::ci::wilson does; NULL when a count is missing (greatest and least
-- skip NULLs, so the CASE is needed: without it a missing count gives 100).
CREATE OR REPLACE TEMP MACRO wilson(o, n, z, side) AS
  CASE WHEN o IS NOT NULL AND n IS NOT NULL THEN
    greatest(0.0, least(1.0, (2.0 * o + z * z + side * z * sqrt(z * z + 4.0 * o * (1.0 - o / n))) / (2.0 * (n + z * z)))) * 100.0
  END;

-- Months with no attendances (or none stated) are left out; months with
-- attendances but a blank over-4-hours count keep the attendances with the
-- value missing. Value = (total − over 4 hours) ÷ total × 100.
CREATE OR REPLACE TEMP TABLE bundle_values AS
WITH months AS (
  SELECT org_type, org_code, strptime(month, '%B %Y')::DATE AS period_start,
         total - over_4h AS numerator, total AS denominator
  FROM attendances WHERE total > 0
), z AS (
  SELECT 1.959963984540054::DOUBLE AS z95, 3.090232306167813::DOUBLE AS z998
)
SELECT 'ae_4_hours' AS indicator_id, org_type, org_code,
       period_start, last_day(period_start) AS period_end, strftime(period_start, '%b %Y') AS period_label,
       numerator, denominator, numerator / denominator * 100.0 AS "value",
       wilson(numerator, denominator, z95, -1.0) AS lower_95, wilson(numerator, denominator, z95, 1.0) AS upper_95,
       wilson(numerator, denominator, z998, -1.0) AS lower_998, wilson(numerator, denominator, z998, 1.0) AS upper_998
FROM months, z;

-- ---- the areas table (AreaCode, AreaName, AreaType, Level, Children) -------

-- The trusts and ICBs with values, each trust's main ICB, and their regions.
CREATE OR REPLACE TEMP TABLE placed AS
SELECT DISTINCT v.org_code AS trust, m.icb, r.region
FROM bundle_values v JOIN trust_region r ON r.trust = v.org_code LEFT JOIN main_icb m ON m.trust = v.org_code
WHERE v.org_type = 'trust';

CREATE OR REPLACE TEMP TABLE icbs AS
SELECT code AS icb, ir.region FROM (
  SELECT DISTINCT org_code AS code FROM bundle_values WHERE org_type = 'icb'
  UNION SELECT icb FROM placed WHERE icb IS NOT NULL
) LEFT JOIN icb_region ir ON ir.icb = code;

-- ICB names as healthdash build takes them: the IMD 2025 summary, then the Fingertips areas table.
CREATE OR REPLACE TEMP TABLE icb_names AS
SELECT i.icb, coalesce(
  (SELECT any_value(icb24_name) FROM read_csv(getvariable('data') || '/imd/imd2025_england_icb24.csv', header = true, all_varchar = true) WHERE icb24_code = i.icb),
  (SELECT any_value(AreaName) FROM read_csv(getvariable('data') || '/fingertips/areas.csv', header = true, all_varchar = true) WHERE AreaCode = i.icb),
  i.icb) AS name
FROM icbs i;

CREATE OR REPLACE TEMP TABLE regions AS
SELECT DISTINCT r.region, any_value(r.region_name) OVER (PARTITION BY r.region) AS name
FROM trust_region r
WHERE r.region IN (SELECT region FROM placed UNION SELECT region FROM icbs);

-- Rows in the order a child's parents are listed: an ICB before a region, so
-- a trust's parents are its main ICB, then its region.
CREATE OR REPLACE TEMP TABLE bundle_areas AS
SELECT AreaCode, AreaName, AreaType, "Level", Children FROM (
  SELECT 1 AS part, i.icb AS AreaCode, n.name AS AreaName, 'NHS integrated care boards' AS AreaType, 2 AS "Level",
         coalesce((SELECT string_agg(trust, '|' ORDER BY trust) FROM placed p WHERE p.icb = i.icb), '') AS Children
  FROM icbs i JOIN icb_names n ON n.icb = i.icb
  UNION ALL
  SELECT 2, g.region, g.name, 'NHS regions', 1,
         (SELECT string_agg(c, '|' ORDER BY c) FROM (SELECT icb AS c FROM icbs WHERE region = g.region UNION SELECT trust FROM placed WHERE region = g.region))
  FROM regions g
  UNION ALL
  SELECT 3, 'E92000001', 'England', 'England', 0, (SELECT string_agg(region, '|' ORDER BY region) FROM regions)
  UNION ALL
  SELECT 4, p.trust, r.trust_name, 'NHS trusts', 3, ''
  FROM (SELECT DISTINCT trust FROM placed) p JOIN trust_region r ON r.trust = p.trust
) ORDER BY part, AreaCode;
