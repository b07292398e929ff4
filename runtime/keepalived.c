/* SPDX-License-Identifier: MIT */
#include "runtime/keepalived.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/*
 * HSRP to VRRP (RFC 5798), as close as the protocols allow:
 * - group N is virtual router N; HSRP's default group 0 has no VRRP
 *   twin (1-255) and becomes 1;
 * - priority 0-255 becomes 1-254 (VRRP reserves 255 for the owner of
 *   the address, 0 for a master that resigns); both elect the highest
 *   priority, then the highest interface address;
 * - HSRP does not preempt unless told to (`standby N preempt`): then
 *   `nopreempt`, which keepalived only honours from state BACKUP, so
 *   every member starts as BACKUP;
 * - the hello time becomes the advertisement interval; VRRP has no hold
 *   time: a backup takes over after 3 intervals and a skew of at most
 *   one (RFC 5798 section 6.1), and says so in a comment.
 */
int keepalived_conf(const struct dconf *c, const char *file,
		    const char *asacctl, FILE *out, char *err, size_t errlen)
{
	static const char *const states[] = { "master", "backup", "fault",
					      "stop" };
	struct in_addr vip = { .s_addr = htonl(c->sb_ip) };
	char ip[INET_ADDRSTRLEN];
	unsigned int vrid = c->sb_group ? c->sb_group : 1;
	unsigned int prio = c->sb_priority < 1 ? 1 :
			    c->sb_priority > 254 ? 254 : c->sb_priority;
	bool v3 = c->sb_hello % 1000 != 0;
	size_t i;

	if (c->mode != DCONF_IOS) {
		snprintf(err, errlen, "%s: not an IOS-style cluster (mode "
			 "\"ios\"): keepalived is not used", file);
		return -1;
	}
	/* keepalived splits a notify line on blanks and quotes */
	if (strpbrk(asacctl, " \t\"'\\") || strpbrk(c->control,
						      " \t\"'\\")) {
		snprintf(err, errlen, "%s: the paths of asacctl and of the "
			 "control socket must not hold blanks or quotes",
			 file);
		return -1;
	}
	inet_ntop(AF_INET, &vip, ip, sizeof(ip));
	fprintf(out, "# keepalived.conf for asacd(8): the HSRP group %u of "
		"the IOS IKEv2 cluster\n# (seed 003) as VRRP; written by "
		"'asacd --keepalived' from %s.\n", c->sb_group, file);
	fputs("global_defs {\n"
	      "\t# the notify scripts run asacctl as root\n"
	      "\tenable_script_security\n"
	      "\tscript_user root\n", out);
	if (v3)
		fputs("\t# advertisement intervals under a second need "
		      "VRRPv3\n\tvrrp_version 3\n", out);
	fputs("}\n\n", out);
	fprintf(out, "vrrp_instance asacd_hsrp%u {\n", c->sb_group);
	fputs("\t# every member starts as backup; the highest priority "
	      "wins the election\n\tstate BACKUP\n", out);
	fprintf(out, "\tinterface %s\n", c->sb_interface);
	if (!c->sb_group)
		fputs("\t# HSRP group 0: VRRP numbers routers from 1\n", out);
	fprintf(out, "\tvirtual_router_id %u\n", vrid);
	if (prio != c->sb_priority)
		fprintf(out, "\t# HSRP priority %u: VRRP's range for "
			"backups is 1-254\n", c->sb_priority);
	fprintf(out, "\tpriority %u\n", prio);
	fprintf(out, "\t# HSRP hello %u ms, hold %u ms: a backup takes "
		"over after 3 intervals\n\t# and a skew below one\n",
		c->sb_hello, c->sb_hold);
	if (v3)
		fprintf(out, "\tadvert_int %u.%02u\n", c->sb_hello / 1000,
			(c->sb_hello % 1000 + 5) / 10);
	else
		fprintf(out, "\tadvert_int %u\n", c->sb_hello / 1000);
	if (!c->sb_preempt)
		fputs("\t# HSRP without `standby preempt`\n\tnopreempt\n", out);
	fprintf(out, "\tvirtual_ipaddress {\n\t\t%s/32 dev %s\n\t}\n", ip,
		c->sb_interface);
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		fprintf(out, "\tnotify_%s \"%s -s %s vrrp %s\"\n", states[i],
			asacctl, c->control, states[i]);
	fputs("}\n", out);
	return 0;
}
