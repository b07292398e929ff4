/* SPDX-License-Identifier: MIT */
#ifndef ASAC_DAEMON_H
#define ASAC_DAEMON_H

#include <stdbool.h>

/*
 * daemon - asacd proper: one poll() loop that joins the cluster core
 * (cluster.c) to the network (wire.c on the cluster UDP port, netif.c for
 * the cluster IP and ARP), to charon (vici.c: sessions counted per class
 * from ike-updown, refused ones terminated, clients redirected) and to
 * asacctl (a Unix socket).  SIGHUP reloads the configuration, SIGTERM and
 * SIGINT leave the cluster cleanly.
 *
 * @config:     asacd.json
 * @time_scale: divide the cluster timers by this (1: the seeds' timers;
 *              more only for tests)
 * @verbose:    log every cluster message sent, received or dropped
 *
 * Returns the exit status: 0 after SIGTERM, 1 when it cannot start.
 */
int daemon_run(const char *config, unsigned int time_scale, bool verbose);

#endif /* ASAC_DAEMON_H */
