/* The archive made by embed_pack.sh, linked into the gotel binary as
 * read-only data between gotel_embed_start and gotel_embed_end.
 * GOTEL_EMBED_FILE is its path, set by mk/plan.mk. */
    .section .rodata
    .balign 16
    .global gotel_embed_start
    .type gotel_embed_start, @object
gotel_embed_start:
    .incbin GOTEL_EMBED_FILE
    .global gotel_embed_end
    .type gotel_embed_end, @object
gotel_embed_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
