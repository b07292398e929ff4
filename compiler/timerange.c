/* SPDX-License-Identifier: MIT */
/*
 * timerange.c - when a time-range is active (see timerange.h).
 *
 * Times are counted in minutes: absolute points in minutes since
 * 1970-01-01 00:00 of the ASA's clock (no time zone: the ASA evaluates
 * its time-ranges on its own clock), periodic windows in minutes of the
 * week from Monday 00:00.  A periodic window whose end is earlier in the
 * week than its start wraps around Sunday night (`periodic Friday 18:00
 * to Monday 8:00`).
 */
#include "asac.h"
#include "timerange.h"

#include <string.h>

#define DAY_MIN		(24 * 60)
#define WEEK_MIN	(7 * DAY_MIN)

/* Days from 1970-01-01 to @y-@m-@d (proleptic Gregorian, any year). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t point_min(const struct ir_tr_point *p)
{
	return days_from_civil(p->year, p->month, p->day) * DAY_MIN +
	       p->hour * 60 + p->minute;
}

static int64_t tm_min(const struct tm *t)
{
	return days_from_civil((int64_t)t->tm_year + 1900,
			       (int64_t)t->tm_mon + 1, t->tm_mday) * DAY_MIN +
	       (int64_t)t->tm_hour * 60 + t->tm_min;
}

/* The minute of the week (Monday 00:00 = 0) of minute @m since 1970. */
static int64_t week_min(int64_t m)
{
	/* 1970-01-01 was a Thursday: day 3 of a week from Monday */
	int64_t w = (m + 3 * DAY_MIN) % WEEK_MIN;

	return w < 0 ? w + WEEK_MIN : w;
}

/* The window of periodic line @pe that starts on day @d: [*s, *e] in
 * minutes of the week, *e < *s when it wraps around Sunday night. */
static void window(const struct ir_periodic *pe, int d, int64_t *s,
		   int64_t *e)
{
	*s = (int64_t)d * DAY_MIN + pe->start;
	if (pe->end_day >= 0)
		*e = (int64_t)pe->end_day * DAY_MIN + pe->end;
	else if (pe->end >= pe->start)
		*e = (int64_t)d * DAY_MIN + pe->end;
	else	/* `daily 22:00 to 6:00`: into the next day */
		*e = (int64_t)((d + 1) % 7) * DAY_MIN + pe->end;
}

static bool in_window(int64_t w, int64_t s, int64_t e)
{
	return s <= e ? (w >= s && w <= e) : (w >= s || w <= e);
}

static bool in_periodic(const struct ir_time_range *tr, int64_t m)
{
	const struct ir_periodic *pe;
	int64_t w = week_min(m), s, e;
	uint32_t i;
	int d;

	vec_foreach(&tr->periodic, i, pe)
		for (d = 0; d < 7; d++)
			if (pe->days & (1u << d)) {
				window(pe, d, &s, &e);
				if (in_window(w, s, e))
					return true;
			}
	return false;
}

bool timerange_active(const struct ir_time_range *tr,
		      const struct tm *local_time)
{
	int64_t m;

	if (!tr)
		return true;
	m = tm_min(local_time);
	if (tr->start.set && m < point_min(&tr->start))
		return false;
	if (tr->end.set && m > point_min(&tr->end))
		return false;
	return !tr->periodic.n || in_periodic(tr, m);
}

bool timerange_expired(const struct ir_time_range *tr, const struct tm *now)
{
	return tr && tr->end.set && tm_min(now) > point_min(&tr->end);
}

/* Do minutes [a, b] of the week (b may pass the week's end, by less than
 * a week) meet the window [s, e]? */
static bool meets(int64_t a, int64_t b, int64_t s, int64_t e)
{
	int64_t k;

	/* the window, unwrapped, and its copies a week either side */
	if (e < s)
		e += WEEK_MIN;
	for (k = -1; k <= 1; k++)
		if (a <= e + k * WEEK_MIN && s + k * WEEK_MIN <= b)
			return true;
	return false;
}

bool timerange_backwards(const struct ir_time_range *tr)
{
	return tr && tr->start.set && tr->end.set &&
	       point_min(&tr->end) < point_min(&tr->start);
}

bool timerange_never(const struct ir_time_range *tr)
{
	const struct ir_periodic *pe;
	int64_t from, to, a, s, e;
	uint32_t i;
	int d;

	if (!tr)
		return false;
	if (timerange_backwards(tr))
		return true;
	/* every periodic window has at least its start minute, and recurs
	 * each week: only an absolute window shorter than a week can miss
	 * all of them */
	if (!tr->periodic.n || !tr->start.set || !tr->end.set)
		return false;
	from = point_min(&tr->start);
	to = point_min(&tr->end);
	if (to - from + 1 >= WEEK_MIN)
		return false;
	a = week_min(from);
	vec_foreach(&tr->periodic, i, pe)
		for (d = 0; d < 7; d++)
			if (pe->days & (1u << d)) {
				window(pe, d, &s, &e);
				if (meets(a, a + (to - from), s, e))
					return false;
			}
	return true;
}

const struct ir_time_range *timerange_find(const struct ir *ir,
					   const struct ir_ace *ace)
{
	if (!ace->time_range || !ace->time_range->s)
		return NULL;
	return map_get(&ir->m_time_ranges, ace->time_range->s);
}
