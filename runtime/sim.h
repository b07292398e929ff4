/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SIM_H
#define ASAC_SIM_H

#include <stdio.h>

/*
 * sim - `asacd --simulate SCENARIO.json`: the cluster core of cluster.h
 * run in virtual time on a virtual network, with no sockets.  Every
 * decision is a JSON line on @out; errors in the scenario go to @err with
 * the file and the JSON path.  The format is man/asacd.8's SIMULATION.
 * Returns the exit status (0, or 1 for a bad scenario).
 */
int sim_run(const char *file, FILE *out, FILE *err);

#endif /* ASAC_SIM_H */
