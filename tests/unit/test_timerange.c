/* SPDX-License-Identifier: MIT */
/* timerange_active, timerange_expired, timerange_never on hand-built
 * time-ranges, at hand-filled times (tm_wday left wrong on purpose: the
 * weekday comes from the date). */
#include "compiler/asac.h"
#include "compiler/arena.h"
#include "compiler/ir.h"
#include "compiler/timerange.h"
#include "unit.h"

#include <string.h>
#include <time.h>

enum { MON, TUE, WED, THU, FRI, SAT, SUN };

static struct arena A;

/* 2026-03-02 is a Monday, 2026-03-08 the Sunday of that week. */
static struct tm at(int y, int mon, int d, int h, int m)
{
	struct tm t;

	memset(&t, 0, sizeof(t));
	t.tm_year = y - 1900;
	t.tm_mon = mon - 1;
	t.tm_mday = d;
	t.tm_hour = h;
	t.tm_min = m;
	t.tm_sec = 59;
	t.tm_wday = 3;		/* ignored */
	return t;
}

static struct ir_tr_point point(int y, int mon, int d, int h, int m)
{
	struct ir_tr_point p;

	memset(&p, 0, sizeof(p));
	p.set = true;
	p.year = (uint16_t)y;
	p.month = (uint8_t)mon;
	p.day = (uint8_t)d;
	p.hour = (uint8_t)h;
	p.minute = (uint8_t)m;
	return p;
}

static void periodic(struct ir_time_range *tr, unsigned int days, int sh,
		     int sm, int end_day, int eh, int em)
{
	struct ir_periodic *pe = arena_new(&A, struct ir_periodic);

	pe->days = (uint8_t)days;
	pe->start = (uint16_t)(sh * 60 + sm);
	pe->end_day = (int8_t)end_day;
	pe->end = (uint16_t)(eh * 60 + em);
	vec_push(&A, &tr->periodic, pe);
}

static bool active(const struct ir_time_range *tr, int y, int mon, int d,
		   int h, int m)
{
	struct tm t = at(y, mon, d, h, m);

	return timerange_active(tr, &t);
}

int main(void)
{
	struct ir_time_range weekdays, weekend, abs, both, night, multi, none,
		back, missed, long_abs;
	struct tm t;

	arena_init(&A);

	/* no time-range: always active */
	CHECK(active(NULL, 2026, 3, 2, 3, 0));
	memset(&none, 0, sizeof(none));
	CHECK(active(&none, 1999, 1, 1, 0, 0));
	CHECK(!timerange_never(&none));

	/* periodic weekdays 8:00 to 18:00: the end minute is inclusive */
	memset(&weekdays, 0, sizeof(weekdays));
	periodic(&weekdays, 0x1f, 8, 0, -1, 18, 0);
	CHECK(active(&weekdays, 2026, 3, 2, 8, 0));	/* Monday 8:00 */
	CHECK(!active(&weekdays, 2026, 3, 2, 7, 59));
	CHECK(active(&weekdays, 2026, 3, 6, 18, 0));	/* Friday 18:00:59 */
	CHECK(!active(&weekdays, 2026, 3, 6, 18, 1));
	CHECK(!active(&weekdays, 2026, 3, 7, 12, 0));	/* Saturday */
	CHECK(!active(&weekdays, 2026, 3, 8, 12, 0));	/* Sunday */
	CHECK(active(&weekdays, 2024, 2, 29, 12, 0));	/* leap day, Thursday */
	CHECK(active(&weekdays, 1999, 12, 31, 12, 0));	/* a Friday */
	CHECK(!active(&weekdays, 2000, 1, 1, 12, 0));	/* a Saturday */

	/* periodic Friday 18:00 to Monday 8:00: across the week's end */
	memset(&weekend, 0, sizeof(weekend));
	periodic(&weekend, 1u << FRI, 18, 0, MON, 8, 0);
	CHECK(!active(&weekend, 2026, 3, 6, 17, 59));	/* Friday */
	CHECK(active(&weekend, 2026, 3, 6, 18, 0));
	CHECK(active(&weekend, 2026, 3, 7, 3, 0));	/* Saturday */
	CHECK(active(&weekend, 2026, 3, 8, 23, 59));	/* Sunday night */
	CHECK(active(&weekend, 2026, 3, 9, 8, 0));	/* Monday 8:00 */
	CHECK(!active(&weekend, 2026, 3, 9, 8, 1));
	CHECK(!active(&weekend, 2026, 3, 4, 12, 0));	/* Wednesday */

	/* periodic daily 22:00 to 6:00: into the next day */
	memset(&night, 0, sizeof(night));
	periodic(&night, 0x7f, 22, 0, -1, 6, 0);
	CHECK(active(&night, 2026, 3, 8, 23, 0));	/* Sunday 23:00 */
	CHECK(active(&night, 2026, 3, 9, 5, 59));	/* Monday 5:59 */
	CHECK(!active(&night, 2026, 3, 9, 12, 0));

	/* several periodic lines: any one of them */
	memset(&multi, 0, sizeof(multi));
	periodic(&multi, (1u << MON) | (1u << WED), 9, 0, -1, 10, 0);
	periodic(&multi, 1u << SAT, 14, 30, -1, 15, 0);
	CHECK(active(&multi, 2026, 3, 4, 9, 30));	/* Wednesday */
	CHECK(!active(&multi, 2026, 3, 3, 9, 30));	/* Tuesday */
	CHECK(active(&multi, 2026, 3, 7, 14, 30));	/* Saturday */
	CHECK(!active(&multi, 2026, 3, 7, 14, 29));

	/* absolute start and end, inclusive, to the minute */
	memset(&abs, 0, sizeof(abs));
	abs.start = point(2025, 1, 1, 0, 0);
	abs.end = point(2025, 3, 31, 23, 59);
	CHECK(!active(&abs, 2024, 12, 31, 23, 59));
	CHECK(active(&abs, 2025, 1, 1, 0, 0));
	CHECK(active(&abs, 2025, 3, 31, 23, 59));
	CHECK(!active(&abs, 2025, 4, 1, 0, 0));
	t = at(2025, 3, 31, 23, 59);
	CHECK(!timerange_expired(&abs, &t));
	t = at(2025, 4, 1, 0, 0);
	CHECK(timerange_expired(&abs, &t));
	CHECK(!timerange_never(&abs));
	/* an absolute end alone, a start alone */
	memset(&long_abs, 0, sizeof(long_abs));
	long_abs.end = point(2028, 2, 29, 18, 0);
	CHECK(active(&long_abs, 1995, 5, 5, 5, 5));
	CHECK(!active(&long_abs, 2028, 2, 29, 18, 1));
	long_abs.end.set = false;
	t = at(2035, 12, 31, 23, 59);
	CHECK(!timerange_expired(&long_abs, &t));
	long_abs.start = point(2030, 1, 1, 0, 0);
	CHECK(!active(&long_abs, 2029, 12, 31, 23, 59));
	CHECK(active(&long_abs, 2030, 1, 1, 0, 0));

	/* both: inside the absolute window and one periodic window */
	memset(&both, 0, sizeof(both));
	both.start = point(2026, 3, 4, 12, 0);		/* Wednesday noon */
	both.end = point(2026, 3, 9, 12, 0);		/* Monday noon */
	periodic(&both, 0x1f, 8, 0, -1, 18, 0);
	CHECK(!active(&both, 2026, 3, 4, 11, 0));	/* before the start */
	CHECK(active(&both, 2026, 3, 4, 12, 0));
	CHECK(!active(&both, 2026, 3, 7, 12, 0));	/* Saturday */
	CHECK(active(&both, 2026, 3, 9, 9, 0));
	CHECK(!active(&both, 2026, 3, 10, 9, 0));	/* after the end */
	CHECK(!timerange_never(&both));

	/* never: the end before the start */
	memset(&back, 0, sizeof(back));
	back.start = point(2026, 3, 1, 0, 0);
	back.end = point(2026, 2, 28, 23, 59);
	CHECK(timerange_never(&back));
	CHECK(!active(&back, 2026, 3, 1, 0, 0));
	CHECK(!active(&back, 2026, 2, 28, 23, 59));

	/* never: a workweek window with only weekend periodic windows */
	memset(&missed, 0, sizeof(missed));
	missed.start = point(2026, 3, 2, 0, 0);
	missed.end = point(2026, 3, 6, 23, 59);
	periodic(&missed, 0x60, 0, 0, -1, 23, 59);
	CHECK(timerange_never(&missed));
	/* ... until the window reaches Saturday 00:00 */
	missed.end = point(2026, 3, 7, 0, 0);
	CHECK(!timerange_never(&missed));
	CHECK(active(&missed, 2026, 3, 7, 0, 0));
	/* a window over Sunday night meets Friday 18:00 to Monday 8:00 */
	missed.start = point(2026, 3, 9, 7, 0);		/* Monday */
	missed.end = point(2026, 3, 9, 7, 30);
	CHECK(timerange_never(&missed));
	CHECK(!timerange_never(&(struct ir_time_range){
		.start = missed.start, .end = missed.end,
		.periodic = weekend.periodic }));
	/* a week or more always meets some periodic window */
	missed.start = point(2026, 3, 2, 0, 0);
	missed.end = point(2026, 3, 8, 23, 59);
	CHECK(!timerange_never(&missed));

	arena_free(&A);
	return unit_done();
}
