/*
 * What every YAML file of complaint (the configuration, import maps)
 * reads alike in libyaml's document nodes: which scalars are null, and a
 * scalar's text.
 */
#ifndef COMPLAINT_YAMLNODE_H
#define COMPLAINT_YAMLNODE_H

#include <yaml.h>

/* The text of scalar N; NULL when N is a list or a mapping. */
const char *yaml_node_text(const yaml_node_t *n);

/* Whether N is YAML's null: a plain scalar that is empty, "~", "null",
 * "Null" or "NULL" ("key:" alone is null; a quoted "null" is text). */
int yaml_node_is_null(const yaml_node_t *n);

#endif
