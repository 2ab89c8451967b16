/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IPPP_BENCH_H
#define _IPPP_BENCH_H

/* The debugfs timing hook of kernel/bench.c, only in IPPP_BENCH=1 builds. */
#if IS_ENABLED(CONFIG_IPPP_BENCH)
void ippp_bench_init(void);
void ippp_bench_exit(void);
#else
static inline void ippp_bench_init(void)
{
}

static inline void ippp_bench_exit(void)
{
}
#endif

#endif /* _IPPP_BENCH_H */
