/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text or JSON output from one description of each field.
 *
 * Every output_*() call names a field twice over: KEY is its JSON member
 * name and TEXT_FORMAT the printf format (one conversion) for text mode.
 * A NULL TEXT_FORMAT keeps the field out of the text output and a NULL KEY
 * appends to the enclosing JSON array. In JSON mode the whole document,
 * an array or an object, is printed by output_finish().
 */
#ifndef IPPPCTL_OUTPUT_H
#define IPPPCTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

void output_start(bool json, bool pretty);
void output_start_object(bool json, bool pretty);
int output_finish(bool print);
bool output_is_json(void);

void output_open_object(const char *key);
void output_close_object(void);
void output_open_array(const char *key);
void output_close_array(void);

void output_string(const char *key, const char *text_format,
		   const char *value);
void output_uint(const char *key, const char *text_format, uint64_t value);
void output_int(const char *key, const char *text_format, int64_t value);
void output_bool(const char *key, bool value);
void output_null(const char *key, const char *text);
void output_time(const char *key, const char *text_format, uint64_t seconds);
void output_text(const char *format, ...)
	__attribute__((format(printf, 1, 2)));

#endif /* IPPPCTL_OUTPUT_H */
