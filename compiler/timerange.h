/* SPDX-License-Identifier: MIT */
#ifndef ASAC_TIMERANGE_H
#define ASAC_TIMERANGE_H

#include "asac.h"
#include "ir.h"

#include <time.h>

/*
 * When a time-range is active, as the ASA evaluates one: inside its
 * absolute window (when it has one) and inside any one of its periodic
 * windows (when it has any).  Pure functions of the time-range and a time
 * of the ASA's clock, to the minute: of a struct tm only tm_year, tm_mon,
 * tm_mday, tm_hour and tm_min are read (the weekday is computed from the
 * date; tm_wday, tm_yday and tm_isdst are ignored), so a caller may fill
 * one by hand.  Ends are inclusive: `end 18:00` is active until 18:00:59.
 */

/*
 * timerange_active - is @tr active at @local_time?  A NULL @tr (an ACE
 * without time-range, or one naming an undefined time-range) is always
 * active.
 */
bool timerange_active(const struct ir_time_range *tr,
		      const struct tm *local_time);

/*
 * timerange_expired - has @tr's absolute end passed at @now (so it is
 * never active again)?  False without an absolute end.
 */
bool timerange_expired(const struct ir_time_range *tr, const struct tm *now);

/*
 * timerange_never - can @tr never be active: its absolute end is before
 * its start (timerange_backwards), or no periodic window meets its
 * absolute window?
 */
bool timerange_never(const struct ir_time_range *tr);

/* timerange_backwards - does @tr's absolute window end before it starts? */
bool timerange_backwards(const struct ir_time_range *tr);

/*
 * timerange_find - the time-range @ace names (its time_range option), or
 * NULL when it names none or an undefined one.
 */
const struct ir_time_range *timerange_find(const struct ir *ir,
					   const struct ir_ace *ace);

#endif /* ASAC_TIMERANGE_H */
