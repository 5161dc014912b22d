/* Plan-time check of a rule: the target exists, the hooks fit it. */
#include <string.h>

#include "weave/edit.h"
#include "weave/target.h"
#include "weave/types.h"
#include "weave/weave.h"

#define WEAVE_HOOK_CONTEXT "*gotel.dev/runtime/hook.Context"

typedef struct {
    base_arena *a;
    const weave_rule *r;
    base_diags *d;
    const char *target_name; /* "(*T).F" or "F" */
} weave_checker;

static void weave_diag_at(weave_checker *k, const weave_src *s, gs_pos pos, const char *fmt, const char *msg) {
    int line = 0, col = 0;
    if (pos >= 0) weave_linecol(s->text, s->len, (size_t)pos, &line, &col);
    base_diags_add(k->d, s->path, line, col, fmt, k->r->instrumentation, k->r->name, msg);
}

#define WEAVE_ERR(k, s, pos, ...) weave_diag_at((k), (s), (pos), "rule %s/%s: %s", base_arena_printf((k)->a, __VA_ARGS__))

/* A canonical type for messages: type parameters lose their `$` mark. */
static char *weave_untag(char *s) {
    char *w = s;
    for (char *r = s; *r; r++)
        if (*r != '$') *w++ = *r;
    *w = 0;
    return s;
}

/* Decides how the hook gets one slot from the type it declares. */
static int weave_slot_mode(weave_checker *k, const weave_target *t, const weave_slot *slot, const weave_src *hs,
                           const char *hook, const gs_field *hf, const char *hname, weave_mode *mode) {
    weave_tctx tc = {.arena = k->a, .src = t->src, .self_pkg = k->r->package,
                     .tparams = t->tparams, .n_tparams = t->n_tparams};
    weave_tctx hc = {.arena = k->a, .src = hs, .self_pkg = k->r->hooks_pkg};
    const char *desc = weave_slot_desc(k->a, slot);
    char *want = weave_type_canon(&tc, slot->field->type);
    bool generic = tc.generic;
    const gs_node *ht = hf->type;
    char *got = weave_type_canon(&hc, ht);
    if (!got) {
        base_str what = weave_text(hs, hc.err_node ? hc.err_node : ht);
        WEAVE_ERR(k, hs, hc.err_node ? hc.err_node->pos : ht->pos, "hook %s: %s: %.*s: %s", hook, hname, (int)what.n, what.p, hc.err);
        return -1;
    }
    if (!want) {
        /* Boxed or untyped, the value needs no type comparison. */
        if (strcmp(got, "interface{}") == 0) return *mode = WEAVE_MODE_ANY, 0;
        if (strcmp(got, "unsafe.Pointer") == 0) return *mode = WEAVE_MODE_UPTR, 0;
        gs_pos p = tc.err_node ? tc.err_node->pos : slot->field->n.pos;
        WEAVE_ERR(k, t->src, p, "cannot resolve the type of %s's %s (%s), so hook %s must take it as any or unsafe.Pointer",
                  k->target_name, desc, tc.err, hook);
        return -1;
    }
    if (!generic && strcmp(got, want) == 0) return *mode = WEAVE_MODE_VALUE, 0;
    if (!generic && ht->kind == GSK_STAR_EXPR) {
        char *inner = weave_type_canon(&hc, GS_AS(gs_star_expr, ht)->x);
        if (inner && strcmp(inner, want) == 0) return *mode = WEAVE_MODE_PTR, 0;
    }
    if (strcmp(got, "interface{}") == 0) return *mode = WEAVE_MODE_ANY, 0;
    if (strcmp(got, "unsafe.Pointer") == 0) return *mode = WEAVE_MODE_UPTR, 0;
    want = weave_untag(want);
    if (generic)
        WEAVE_ERR(k, hs, ht->pos,
                  "hook %s: %s has type %s, but it stands for %s's %s of type %s, which mentions type "
                  "parameters: declare any (the value, boxed) or unsafe.Pointer (its address)",
                  hook, hname, got, k->target_name, desc, want);
    else
        WEAVE_ERR(k, hs, ht->pos,
                  "hook %s: %s has type %s, but it stands for %s's %s of type %s: declare one of %s (the value), "
                  "*%s (a pointer to it), any (the value, boxed), unsafe.Pointer (its address)",
                  hook, hname, got, k->target_name, desc, want, want, want);
    return -1;
}

/* Finds hook function `hook` and checks it against the slots. */
static int weave_check_hook(weave_checker *k, const weave_target *t, const char *hook, const weave_slot *slots,
                            size_t n, bool before, weave_src **hsrcs, size_t nh, weave_mode **modes_out) {
    const weave_src *hs = NULL;
    gs_func_decl *hd = NULL;
    bool broken = false;
    for (size_t i = 0; i < nh && !hd; i++) {
        if (!hsrcs[i]) continue;
        broken |= !hsrcs[i]->syntax_ok;
        if ((hd = weave_find_func(hsrcs[i], hook, NULL))) hs = hsrcs[i];
    }
    if (!hd) {
        base_diags_add(k->d, NULL, 0, 0, "rule %s/%s: hook function %s not found in package %s%s", k->r->instrumentation,
                       k->r->name, hook, k->r->hooks_pkg, broken ? " (some of its files have syntax errors)" : "");
        return -1;
    }
    if (hd->type->type_params && hd->type->type_params->list.n) {
        WEAVE_ERR(k, hs, hd->name->n.pos, "hook %s must not have type parameters", hook);
        return -1;
    }
    if (hd->type->results && hd->type->results->list.n) {
        WEAVE_ERR(k, hs, hd->type->results->n.pos, "hook %s must not return anything%s", hook,
                  before ? " (it replaces parameters through pointers and skips the call with c.SkipCall())"
                         : " (it replaces results through pointers)");
        return -1;
    }
    /* Flatten the hook's parameters, one per name. */
    BASE_VEC(gs_field *) hp = {0};
    BASE_VEC(const char *) hn = {0};
    gs_field_list *pl = hd->type->params;
    for (int i = 0; pl && i < pl->list.n; i++) {
        gs_field *f = pl->list.v[i];
        int cnt = f->names.n ? f->names.n : 1;
        for (int j = 0; j < cnt; j++) {
            BASE_VEC_PUSH(k->a, &hp, f);
            BASE_VEC_PUSH(k->a, &hn, f->names.n ? base_arena_printf(k->a, "parameter %zu (%.*s)", hp.n, (int)f->names.v[j]->name.n, f->names.v[j]->name.p)
                                                : base_arena_printf(k->a, "parameter %zu", hp.n));
        }
    }
    if (hp.n && hp.v[hp.n - 1]->type && hp.v[hp.n - 1]->type->kind == GSK_ELLIPSIS) {
        WEAVE_ERR(k, hs, hp.v[hp.n - 1]->type->pos, "hook %s: %s is variadic; hooks take one parameter per value (a []T for a variadic ...T)",
                  hook, hn.v[hn.n - 1]);
        return -1;
    }
    const char *what = before ? (t->fd->recv ? "the receiver and parameters" : "the parameters") : "the results";
    if (hp.n == 0) {
        WEAVE_ERR(k, hs, hd->name->n.pos, "hook %s must take c *hook.Context (gotel.dev/runtime/hook) first, then %s of %s",
                  hook, what, k->target_name);
        return -1;
    }
    weave_tctx hc = {.arena = k->a, .src = hs, .self_pkg = k->r->hooks_pkg};
    char *ctx = weave_type_canon(&hc, hp.v[0]->type);
    if (!ctx || strcmp(ctx, WEAVE_HOOK_CONTEXT) != 0) {
        WEAVE_ERR(k, hs, hp.v[0]->type->pos,
                  "hook %s: first parameter must be *hook.Context from gotel.dev/runtime/hook, not %s", hook,
                  ctx ? ctx : hc.err);
        return -1;
    }
    if (hp.n - 1 != n) {
        WEAVE_ERR(k, hs, hd->name->n.pos, "hook %s takes %zu parameter%s after the context, but %s has %zu (%s)", hook,
                  hp.n - 1, hp.n == 2 ? "" : "s", k->target_name, n, what);
        return -1;
    }
    weave_mode *modes = BASE_NEW_ARRAY(k->a, weave_mode, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        if (weave_slot_mode(k, t, &slots[i], hs, hook, hp.v[i + 1], hn.v[i + 1], &modes[i]) != 0) return -1;
    *modes_out = modes;
    return 0;
}

bool weave_rule_local(const weave_rule *r) {
    return r->function && r->hooks_pkg && r->package && strcmp(r->hooks_pkg, r->package) == 0;
}

/* Whether some file of the target package mentions and declares the struct. */
static int weave_check_struct(base_arena *a, const weave_rule *r, const char *const *files, size_t n, base_diags *d) {
    for (size_t i = 0; i < n; i++) {
        weave_src *s = weave_src_read(a, files[i], d);
        if (!s) return -1;
        if (!weave_src_mentions(s, r->struct_name)) continue;
        weave_src_parse(a, s);
        if (s->syntax_ok && weave_find_struct(s, r->struct_name)) return 0;
    }
    return 1;
}

int weave_check_rule(base_arena *a, weave_rule *r, const char *const *target_files, size_t nt,
                     const char *const *hook_files, size_t nh, base_diags *d) {
    if (r->struct_name) return weave_check_struct(a, r, target_files, nt, d);
    if (!r->function) {
        if (r->inject || weave_rule_directive(r)) return 0;
        base_diags_add(d, NULL, 0, 0, "rule %s/%s: names neither a function, a file to inject nor a struct",
                       r->instrumentation, r->name);
        return -1;
    }
    if (!r->before && !r->after) {
        base_diags_add(d, NULL, 0, 0, "rule %s/%s: function %s needs a before or an after hook", r->instrumentation,
                       r->name, r->function);
        return -1;
    }
    weave_src *ts = NULL;
    gs_func_decl *fd = NULL;
    int bad = 0;
    for (size_t i = 0; i < nt && !fd; i++) {
        weave_src *s = weave_src_read(a, target_files[i], d);
        if (s && weave_src_mentions(s, r->function)) weave_src_parse(a, s);
        if (!s) bad++;
        else if (!s->file) continue;
        else if (s->syntax_ok && (fd = weave_find_func(s, r->function, r->receiver))) ts = s; /* broken files: the compiler reports them */
    }
    if (bad) return -1;
    if (!fd || !fd->body) return 1; /* bodyless (assembly) functions cannot be woven: the rule does not apply */
    if (weave_rule_local(r)) {
        if (r->after || !r->before) {
            base_diags_add(d, ts->path, 0, 0,
                           "rule %s/%s: hooks in the target package itself take one before hook and no after "
                           "(an after hook would need a defer)",
                           r->instrumentation, r->name);
            return -1;
        }
        r->n_before = r->n_after = 0;
        return 0;
    }

    weave_checker k = {a, r, d, NULL};
    k.target_name = r->receiver ? base_arena_printf(a, "(%s).%s", r->receiver, r->function) : r->function;
    weave_target t;
    weave_target_init(a, &t, ts, fd);

    weave_src **hs = BASE_NEW_ARRAY(a, weave_src *, nh ? nh : 1);
    for (size_t i = 0; i < nh; i++)
        if (!(hs[i] = weave_src_load(a, hook_files[i], d))) return -1;
    weave_mode *bm = NULL, *am = NULL;
    if (r->before && weave_check_hook(&k, &t, r->before, t.before, t.n_before, true, hs, nh, &bm) != 0) return -1;
    if (r->after && weave_check_hook(&k, &t, r->after, t.after, t.n_after, false, hs, nh, &am) != 0) return -1;
    r->before_modes = bm, r->n_before = r->before ? t.n_before : 0;
    r->after_modes = am, r->n_after = r->after ? t.n_after : 0;
    return 0;
}
