/* `gotel rules --match`: the rules of gotel's embedded sources judged
 * against a build's packages (one line per rule and package). */
#ifndef PLAN_RULES_MATCH_H
#define PLAN_RULES_MATCH_H

/* argv: what follows --match ([-test] [build flags] [packages]). */
int plan_rules_match(int argc, char **argv);


#endif
