-- seglab: model "golden" (k = 3, 13 features, features space) scored in clickhouse, as of 2025-06-30
SELECT
  g_cid AS `customer_id`,
  g_seg + 1 AS `segment`,
  CASE WHEN g_seg = 0 THEN 'Loyal' WHEN g_seg = 1 THEN 'Can\'t lose' WHEN g_seg = 2 THEN 'New' END AS `segment_name`,
  sqrt(g_best) AS `distance`,
  sqrt(CASE WHEN g_seg = 0 THEN least(gd_1, gd_2) WHEN g_seg = 1 THEN least(gd_0, gd_2) ELSE least(gd_0, gd_1) END) AS `second_distance`,
  g_z0 AS `recency_days`,
  g_z1 AS `frequency`,
  g_z2 AS `monetary`,
  g_z3 AS `share_books`,
  g_z4 AS `share_other`,
  g_z5 AS `r_score`,
  g_z6 AS `income`,
  g_z7 AS `region=O'Neil`,
  g_z8 AS `region=other`,
  g_z9 AS `region=missing`,
  g_z10 AS `age_band=<30`,
  g_z11 AS `age_band=30-50`,
  g_z12 AS `age_band=50+`
FROM (
SELECT
  s_cid AS g_cid,
  CASE WHEN d_0 <= d_1 AND d_0 <= d_2 THEN 0 WHEN d_1 <= d_2 THEN 1 ELSE 2 END AS g_seg,
  least(least(d_0, d_1), d_2) AS g_best,
  d_0 AS gd_0,
  d_1 AS gd_1,
  d_2 AS gd_2,
  sz_0 AS g_z0,
  sz_1 AS g_z1,
  sz_2 AS g_z2,
  sz_3 AS g_z3,
  sz_4 AS g_z4,
  sz_5 AS g_z5,
  sz_6 AS g_z6,
  sz_7 AS g_z7,
  sz_8 AS g_z8,
  sz_9 AS g_z9,
  sz_10 AS g_z10,
  sz_11 AS g_z11,
  sz_12 AS g_z12
FROM (
SELECT
  z_cid AS s_cid,
  ((z_0 * 1.4142135623730951) - (-0.5)) * ((z_0 * 1.4142135623730951) - (-0.5)) + ((z_1 * 0.7071067811865476) - (-0.49)) * ((z_1 * 0.7071067811865476) - (-0.49)) + ((z_2 * 1.4142135623730951) - (-0.48)) * ((z_2 * 1.4142135623730951) - (-0.48)) + ((z_3 * 0.7071067811865476) - (-0.47)) * ((z_3 * 0.7071067811865476) - (-0.47)) + ((z_4 * 1.4142135623730951) - (-0.46)) * ((z_4 * 1.4142135623730951) - (-0.46)) + ((z_5 * 0.7071067811865476) - (-0.45)) * ((z_5 * 0.7071067811865476) - (-0.45)) + ((z_6 * 1.4142135623730951) - (-0.44)) * ((z_6 * 1.4142135623730951) - (-0.44)) + ((z_7 * 0.7071067811865476) - (-0.43)) * ((z_7 * 0.7071067811865476) - (-0.43)) + ((z_8 * 1.4142135623730951) - (-0.42)) * ((z_8 * 1.4142135623730951) - (-0.42)) + ((z_9 * 0.7071067811865476) - (-0.41000000000000003)) * ((z_9 * 0.7071067811865476) - (-0.41000000000000003)) + ((z_10 * 1.4142135623730951) - (-0.4)) * ((z_10 * 1.4142135623730951) - (-0.4)) + ((z_11 * 0.7071067811865476) - (-0.39)) * ((z_11 * 0.7071067811865476) - (-0.39)) + ((z_12 * 1.4142135623730951) - (-0.38)) * ((z_12 * 1.4142135623730951) - (-0.38)) AS d_0,
  ((z_0 * 1.4142135623730951) - 0) * ((z_0 * 1.4142135623730951) - 0) + ((z_1 * 0.7071067811865476) - 0.01) * ((z_1 * 0.7071067811865476) - 0.01) + ((z_2 * 1.4142135623730951) - 0.02) * ((z_2 * 1.4142135623730951) - 0.02) + ((z_3 * 0.7071067811865476) - 0.03) * ((z_3 * 0.7071067811865476) - 0.03) + ((z_4 * 1.4142135623730951) - 0.04) * ((z_4 * 1.4142135623730951) - 0.04) + ((z_5 * 0.7071067811865476) - 0.05) * ((z_5 * 0.7071067811865476) - 0.05) + ((z_6 * 1.4142135623730951) - 0.06) * ((z_6 * 1.4142135623730951) - 0.06) + ((z_7 * 0.7071067811865476) - 0.07) * ((z_7 * 0.7071067811865476) - 0.07) + ((z_8 * 1.4142135623730951) - 0.08) * ((z_8 * 1.4142135623730951) - 0.08) + ((z_9 * 0.7071067811865476) - 0.09) * ((z_9 * 0.7071067811865476) - 0.09) + ((z_10 * 1.4142135623730951) - 0.1) * ((z_10 * 1.4142135623730951) - 0.1) + ((z_11 * 0.7071067811865476) - 0.11) * ((z_11 * 0.7071067811865476) - 0.11) + ((z_12 * 1.4142135623730951) - 0.12) * ((z_12 * 1.4142135623730951) - 0.12) AS d_1,
  ((z_0 * 1.4142135623730951) - 0.5) * ((z_0 * 1.4142135623730951) - 0.5) + ((z_1 * 0.7071067811865476) - 0.51) * ((z_1 * 0.7071067811865476) - 0.51) + ((z_2 * 1.4142135623730951) - 0.52) * ((z_2 * 1.4142135623730951) - 0.52) + ((z_3 * 0.7071067811865476) - 0.53) * ((z_3 * 0.7071067811865476) - 0.53) + ((z_4 * 1.4142135623730951) - 0.54) * ((z_4 * 1.4142135623730951) - 0.54) + ((z_5 * 0.7071067811865476) - 0.55) * ((z_5 * 0.7071067811865476) - 0.55) + ((z_6 * 1.4142135623730951) - 0.56) * ((z_6 * 1.4142135623730951) - 0.56) + ((z_7 * 0.7071067811865476) - 0.5700000000000001) * ((z_7 * 0.7071067811865476) - 0.5700000000000001) + ((z_8 * 1.4142135623730951) - 0.58) * ((z_8 * 1.4142135623730951) - 0.58) + ((z_9 * 0.7071067811865476) - 0.59) * ((z_9 * 0.7071067811865476) - 0.59) + ((z_10 * 1.4142135623730951) - 0.6) * ((z_10 * 1.4142135623730951) - 0.6) + ((z_11 * 0.7071067811865476) - 0.61) * ((z_11 * 0.7071067811865476) - 0.61) + ((z_12 * 1.4142135623730951) - 0.62) * ((z_12 * 1.4142135623730951) - 0.62) AS d_2,
  z_0 AS sz_0,
  z_1 AS sz_1,
  z_2 AS sz_2,
  z_3 AS sz_3,
  z_4 AS sz_4,
  z_5 AS sz_5,
  z_6 AS sz_6,
  z_7 AS sz_7,
  z_8 AS sz_8,
  z_9 AS sz_9,
  z_10 AS sz_10,
  z_11 AS sz_11,
  z_12 AS sz_12
FROM (
SELECT
  r_cid AS z_cid,
  ((CASE WHEN r_0 < 0 THEN -log(1 - r_0) ELSE log(1 + r_0) END) - 0) / 1 AS z_0,
  ((r_1) - 0.25) / 1.125 AS z_1,
  ((least(greatest(CASE WHEN r_2 < 0 THEN -log(1 - r_2) ELSE log(1 + r_2) END, (-1.5)), 9.25)) - 0.5) / 1.25 AS z_2,
  ((r_3) - 0.75) / 1.375 AS z_3,
  ((r_4) - 1) / 1.5 AS z_4,
  ((r_5) - 1.25) / 1.625 AS z_5,
  ((CASE WHEN r_6 < 0 THEN -log(1 - r_6) ELSE log(1 + r_6) END) - 1.5) / 1.75 AS z_6,
  ((r_7) - 1.75) / 1.875 AS z_7,
  ((r_8) - 2) / 2 AS z_8,
  ((r_9) - 2.25) / 2.125 AS z_9,
  ((r_10) - 2.5) / 2.25 AS z_10,
  ((r_11) - 2.75) / 2.375 AS z_11,
  ((r_12) - 3) / 2.5 AS z_12
FROM (
SELECT
  j_cid AS r_cid,
  toFloat64(greatest(0, (1751241600000 - (CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END)) / 86400000)) AS r_0,
  toFloat64(a_days) AS r_1,
  toFloat64((floor((a_net) * 100 + 0.5) / 100)) AS r_2,
  toFloat64(CASE WHEN a_gross > 0 THEN a_cat0 / a_gross ELSE 0 END) AS r_3,
  toFloat64(CASE WHEN a_gross > 0 THEN a_cat_other / a_gross ELSE 0 END) AS r_4,
  toFloat64((6 - (1 + CASE WHEN greatest(0, (1751241600000 - (CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END)) / 86400000) > 10 THEN 1 ELSE 0 END + CASE WHEN greatest(0, (1751241600000 - (CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END)) / 86400000) > 30 THEN 1 ELSE 0 END + CASE WHEN greatest(0, (1751241600000 - (CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END)) / 86400000) > 90 THEN 1 ELSE 0 END + CASE WHEN greatest(0, (1751241600000 - (CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END)) / 86400000) > 180 THEN 1 ELSE 0 END))) AS r_5,
  toFloat64(ifNull(k_n0, 41000)) AS r_6,
  toFloat64(CASE WHEN k_t0 = 'O\'Neil' THEN 1 ELSE 0 END) AS r_7,
  toFloat64(CASE WHEN k_t0 IS NOT NULL AND k_t0 NOT IN ('O\'Neil') THEN 1 ELSE 0 END) AS r_8,
  toFloat64(CASE WHEN k_t0 IS NULL THEN 1 ELSE 0 END) AS r_9,
  toFloat64(CASE WHEN CASE WHEN k_n1 IS NULL THEN NULL WHEN k_n1 < 30 THEN '<30' WHEN k_n1 < 50 THEN '30-50' ELSE '50+' END = '<30' THEN 1 ELSE 0 END) AS r_10,
  toFloat64(CASE WHEN CASE WHEN k_n1 IS NULL THEN NULL WHEN k_n1 < 30 THEN '<30' WHEN k_n1 < 50 THEN '30-50' ELSE '50+' END = '30-50' THEN 1 ELSE 0 END) AS r_11,
  toFloat64(CASE WHEN CASE WHEN k_n1 IS NULL THEN NULL WHEN k_n1 < 30 THEN '<30' WHEN k_n1 < 50 THEN '30-50' ELSE '50+' END = '50+' THEN 1 ELSE 0 END) AS r_12
FROM (
SELECT
  y_cid AS j_cid,
  toFloat64(sumIf(y_kept, ifNull(1 = 1, 0))) AS a_kept,
  toFloat64(sumIf(y_purchases, ifNull(1 = 1, 0))) AS a_purchases,
  maxIf(y_last_p, ifNull(y_purchases > 0, 0)) AS a_last_p,
  minIf(y_first_p, ifNull(y_purchases > 0, 0)) AS a_first_p,
  maxIf(y_last_k, ifNull(y_kept > 0, 0)) AS a_last_k,
  minIf(y_first_k, ifNull(y_kept > 0, 0)) AS a_first_k,
  toFloat64(countIf(ifNull(y_purchases > 0, 0))) AS a_days,
  toFloat64(sumIf(y_net, ifNull(1 = 1, 0))) AS a_net,
  toFloat64(sumIf(y_gross, ifNull(1 = 1, 0))) AS a_gross,
  toFloat64(sumIf(y_recent, ifNull(1 = 1, 0))) AS a_recent,
  toFloat64(sumIf(y_discounted, ifNull(1 = 1, 0))) AS a_discounted,
  toFloat64(sumIf(y_lines, ifNull(1 = 1, 0))) AS a_lines,
  toFloat64(sumIf(y_returns, ifNull(1 = 1, 0))) AS a_returns,
  toFloat64(sumIf(y_cat0, ifNull(1 = 1, 0))) AS a_cat0,
  toFloat64(sumIf(y_cat_other, ifNull(1 = 1, 0))) AS a_cat_other
FROM (
SELECT
  o_cid AS y_cid,
  toFloat64(countIf(ifNull(1 = 1, 0))) AS y_kept,
  toFloat64(countIf(ifNull(o_amt > 0 AND o_ret = 0, 0))) AS y_purchases,
  maxIf(o_ts, ifNull(o_amt > 0 AND o_ret = 0, 0)) AS y_last_p,
  minIf(o_ts, ifNull(o_amt > 0 AND o_ret = 0, 0)) AS y_first_p,
  maxIf(o_ts, ifNull(1 = 1, 0)) AS y_last_k,
  minIf(o_ts, ifNull(1 = 1, 0)) AS y_first_k,
  toFloat64(sumIf(CASE WHEN o_ret = 1 AND o_amt > 0 THEN -o_amt ELSE o_amt END, ifNull(1 = 1, 0))) AS y_net,
  toFloat64(sumIf(o_amt, ifNull(o_amt > 0 AND o_ret = 0, 0))) AS y_gross,
  toFloat64(sumIf(o_amt, ifNull(o_amt > 0 AND o_ret = 0 AND o_ts >= 1743465600000, 0))) AS y_recent,
  toFloat64(countIf(ifNull(o_amt > 0 AND o_ret = 0 AND o_disc > 0, 0))) AS y_discounted,
  toFloat64(countIf(ifNull(1 = 1, 0))) AS y_lines,
  toFloat64(countIf(ifNull(o_ret = 1, 0))) AS y_returns,
  toFloat64(sumIf(o_amt, ifNull(o_amt > 0 AND o_ret = 0 AND o_cat = 'books', 0))) AS y_cat0,
  toFloat64(sumIf(o_amt, ifNull(o_amt > 0 AND o_ret = 0 AND o_cat IS NOT NULL AND o_cat NOT IN ('books'), 0))) AS y_cat_other
FROM (
SELECT
  CASE WHEN `customer id` IS NULL OR lower(replaceRegexpAll(toString(`customer id`), '^\\s+|\\s+$', '')) IN ('', 'n/a') THEN NULL ELSE replaceRegexpAll(toString(`customer id`), '^\\s+|\\s+$', '') END AS o_cid,
  toFloat64(toUnixTimestamp(`order_date`)) * 1000 AS o_ts,
  toFloat64(`amount`) AS o_amt,
  CASE WHEN toFloat64(`amount`) < 0 OR ifNull(upper(replaceRegexpAll(toString(`invoice`), '^\\s+|\\s+$', '')), '') LIKE 'C%' THEN 1 ELSE 0 END AS o_ret,
  CASE WHEN `category` IS NULL OR lower(replaceRegexpAll(toString(`category`), '^\\s+|\\s+$', '')) IN ('', 'n/a') THEN NULL ELSE replaceRegexpAll(toString(`category`), '^\\s+|\\s+$', '') END AS o_cat,
  0 AS o_disc,
  floor(toFloat64(toUnixTimestamp(`order_date`)) * 1000 / 86400000) AS o_day
FROM `shop`.`orders`
) AS lines
WHERE o_cid IS NOT NULL AND o_ts IS NOT NULL AND o_amt IS NOT NULL AND o_ts <= 1751327999999 AND abs(o_amt) <= 1000000000000
GROUP BY o_cid, o_day
) AS daily
GROUP BY y_cid
) AS aggregates
ALL INNER JOIN (
SELECT
  CASE WHEN `customer id` IS NULL OR lower(replaceRegexpAll(toString(`customer id`), '^\\s+|\\s+$', '')) IN ('', 'n/a') THEN NULL ELSE replaceRegexpAll(toString(`customer id`), '^\\s+|\\s+$', '') END AS j_cid,
  toFloat64(`income`) AS k_n0,
  CASE WHEN toFloat64(`age`) < 16 OR toFloat64(`age`) > 110 THEN NULL ELSE toFloat64(`age`) END AS k_n1,
  CASE WHEN `region` IS NULL OR lower(replaceRegexpAll(toString(`region`), '^\\s+|\\s+$', '')) IN ('', 'n/a') THEN NULL ELSE replaceRegexpAll(toString(`region`), '^\\s+|\\s+$', '') END AS k_t0
FROM `shop`.`customers`
) AS customer_rows USING (j_cid)
WHERE a_kept > 0 AND j_cid IS NOT NULL
) AS features
) AS space
) AS distances
) AS assigned
