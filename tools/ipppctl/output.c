// SPDX-License-Identifier: GPL-2.0
/*
 * Text or JSON output. JSON is built as a json-c tree and printed whole at
 * the end, so a failed request prints no half document.
 */
#include <assert.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "output.h"

#define MAX_DEPTH	8

static struct {
	bool json;
	bool pretty;
	struct json_object *stack[MAX_DEPTH];	/* stack[0] is the document */
	int depth;				/* open containers */
} out;

static void start(bool json, bool pretty, struct json_object *document)
{
	out.json = json;
	out.pretty = pretty;
	out.depth = 0;
	if (json) {
		out.stack[0] = document;
		out.depth = 1;
	} else {
		json_object_put(document);
	}
}

/* Start output whose JSON document is an array, one element per object. */
void output_start(bool json, bool pretty)
{
	start(json, pretty, json ? json_object_new_array() : NULL);
}

/* Start output whose JSON document is one object. */
void output_start_object(bool json, bool pretty)
{
	start(json, pretty, json ? json_object_new_object() : NULL);
}

/* Print the JSON document if PRINT is set, then free it. */
int output_finish(bool print)
{
	struct json_object *document;
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	int err = 0;

	if (!out.json)
		return 0;

	document = out.stack[0];
	if (!document) {
		fputs("Error: out of memory\n", stderr);
		return -ENOMEM;
	}

	flags |= out.pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;
	if (print && puts(json_object_to_json_string_ext(document, flags)) < 0)
		err = -EIO;

	json_object_put(document);
	out.stack[0] = NULL;
	out.depth = 0;
	return err;
}

bool output_is_json(void)
{
	return out.json;
}

/* Add VALUE to the innermost open container. json-c's NULL is JSON null. */
static void add(const char *key, struct json_object *value)
{
	struct json_object *parent;
	int err;

	assert(out.depth > 0);
	parent = out.stack[out.depth - 1];
	if (!parent) {
		json_object_put(value);
		return;
	}

	if (json_object_is_type(parent, json_type_array))
		err = json_object_array_add(parent, value);
	else
		err = json_object_object_add(parent, key, value);
	if (err)
		json_object_put(value);
}

static void push(const char *key, struct json_object *container)
{
	assert(out.depth < MAX_DEPTH);
	add(key, json_object_get(container));
	out.stack[out.depth++] = container;
}

static void pop(void)
{
	assert(out.depth > 1);
	json_object_put(out.stack[--out.depth]);
}

void output_open_object(const char *key)
{
	if (out.json)
		push(key, json_object_new_object());
}

void output_close_object(void)
{
	if (out.json)
		pop();
}

void output_open_array(const char *key)
{
	if (out.json)
		push(key, json_object_new_array());
}

void output_close_array(void)
{
	if (out.json)
		pop();
}

void output_string(const char *key, const char *text_format,
		   const char *value)
{
	if (out.json)
		add(key, json_object_new_string(value));
	else if (text_format)
		printf(text_format, value);
}

void output_uint(const char *key, const char *text_format, uint64_t value)
{
	if (out.json)
		add(key, json_object_new_uint64(value));
	else if (text_format)
		printf(text_format, value);
}

void output_int(const char *key, const char *text_format, int64_t value)
{
	if (out.json)
		add(key, json_object_new_int64(value));
	else if (text_format)
		printf(text_format, value);
}

/* Add a JSON boolean. Text mode prints nothing: the caller words it. */
void output_bool(const char *key, bool value)
{
	if (out.json)
		add(key, json_object_new_boolean(value));
}

/* Print a JSON null, or TEXT as it is in text mode. */
void output_null(const char *key, const char *text)
{
	if (out.json)
		add(key, NULL);
	else if (text)
		fputs(text, stdout);
}

/*
 * Print a time given in seconds since the Epoch: a number in JSON, local
 * time as "YYYY-MM-DD HH:MM:SS" in text.
 */
void output_time(const char *key, const char *text_format, uint64_t seconds)
{
	time_t time = seconds;
	char buffer[32] = "?";
	struct tm tm;

	if (out.json) {
		add(key, json_object_new_uint64(seconds));
		return;
	}
	if (!text_format)
		return;

	if (localtime_r(&time, &tm))
		strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S", &tm);
	printf(text_format, buffer);
}

/* Print text that has no JSON counterpart. JSON mode drops it. */
void output_text(const char *format, ...)
{
	va_list ap;

	if (out.json)
		return;

	va_start(ap, format);
	vprintf(format, ap);
	va_end(ap);
}
