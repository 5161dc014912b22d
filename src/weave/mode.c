/* Spelling of weave_mode in the plan file. */
#include <string.h>

#include "weave/weave.h"

static const char *const weave_mode_names[] = {"value", "ptr", "any", "uptr"};

const char *weave_mode_name(weave_mode m) {
    if ((unsigned)m >= sizeof weave_mode_names / sizeof weave_mode_names[0]) return "?";
    return weave_mode_names[m];
}

bool weave_mode_parse(const char *s, weave_mode *out) {
    for (size_t i = 0; i < sizeof weave_mode_names / sizeof weave_mode_names[0]; i++)
        if (strcmp(s, weave_mode_names[i]) == 0) {
            *out = (weave_mode)i;
            return true;
        }
    return false;
}
