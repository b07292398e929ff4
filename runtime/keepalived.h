/* SPDX-License-Identifier: MIT */
#ifndef ASAC_KEEPALIVED_H
#define ASAC_KEEPALIVED_H

#include <stdio.h>

#include "runtime/dconf.h"

/*
 * keepalived - the VRRP side of an IOS-style cluster (seed 003: "the
 * primary is whoever holds the virtual IP" of the HSRP group).  Linux has
 * no HSRP; keepalived's VRRP holds the address instead and tells asacd
 * its state through `asacctl vrrp STATE`.
 *
 * keepalived_conf - keepalived.conf for the `ios.standby` group of @c
 * (read from @file), whose notify scripts run @asacctl on @c's control
 * socket; returns -1 with a message in @err when @c is not in IOS mode.
 */
int keepalived_conf(const struct dconf *c, const char *file,
		    const char *asacctl, FILE *out, char *err, size_t errlen);

#endif /* ASAC_KEEPALIVED_H */
