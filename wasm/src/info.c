/* Info objects (MPI-4.0 9.4): ordered lists of (key, value) strings. */
#include "mpiimpl.h"
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key, *value;
    struct entry *next;
} entry;

typedef struct info {
    int handle;
    entry *first;
} info;

static info env_info = {MPI_INFO_ENV, NULL};

static info *get(MPI_Info h)
{
    return h == MPI_INFO_ENV ? &env_info : MPIR_Handle_lookup(WMPI_KIND_INFO, h);
}

int MPIR_Info_valid(MPI_Info h) { return get(h) != NULL; }

static int check(const char *fc, MPI_Info h, info **i)
{
    MPIR_CHECK_INIT(fc);
    *i = get(h);
    if (*i == NULL)
        return MPIR_ERR(NULL, MPI_ERR_INFO, fc, "%s info object 0x%x (info)", h == MPI_INFO_NULL ? "null" : "invalid",
                        (unsigned)h);
    return MPI_SUCCESS;
}

static int check_key(const char *fc, const char *key)
{
    if (key == NULL)
        return MPIR_ERR(NULL, MPI_ERR_INFO_KEY, fc, "null key (key)");
    size_t n = strlen(key);
    if (n == 0 || n >= MPI_MAX_INFO_KEY)
        return MPIR_ERR(NULL, MPI_ERR_INFO_KEY, fc, "key of %zu characters (key): must be 1..%d", n,
                        MPI_MAX_INFO_KEY - 1);
    return MPI_SUCCESS;
}

static entry **find(info *i, const char *key)
{
    entry **e = &i->first;
    while (*e && strcmp((*e)->key, key) != 0)
        e = &(*e)->next;
    return e;
}

static int new_info(const char *fc, info **out)
{
    info *i = calloc(1, sizeof *i);
    int h = i ? MPIR_Handle_alloc(WMPI_KIND_INFO, i) : 0;
    if (h == 0) {
        free(i);
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory for an info object");
    }
    i->handle = h;
    *out = i;
    return MPI_SUCCESS;
}

static int put(info *i, const char *key, const char *value)
{
    entry **e = find(i, key);
    char *v = strdup(value);
    if (v == NULL)
        return MPI_ERR_NO_MEM;
    if (*e) {
        free((*e)->value);
        (*e)->value = v;
        return MPI_SUCCESS;
    }
    entry *n = malloc(sizeof *n);
    char *k = strdup(key);
    if (n == NULL || k == NULL) {
        free(n);
        free(k);
        free(v);
        return MPI_ERR_NO_MEM;
    }
    n->key = k;
    n->value = v;
    n->next = NULL;
    *e = n;
    return MPI_SUCCESS;
}

int MPI_Info_create(MPI_Info *out)
{
    info *i;
    MPIR_CHECK_INIT("MPI_Info_create");
    if (out == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Info_create", "null pointer (info)");
    int rc = new_info("MPI_Info_create", &i);
    if (rc == MPI_SUCCESS)
        *out = i->handle;
    return rc;
}

int MPI_Info_set(MPI_Info h, const char *key, const char *value)
{
    const char *fc = "MPI_Info_set";
    info *i;
    int rc = check(fc, h, &i);
    if (rc || (rc = check_key(fc, key)))
        return rc;
    if (i == &env_info)
        return MPIR_ERR(NULL, MPI_ERR_INFO, fc, "MPI_INFO_ENV cannot be changed (info)");
    if (value == NULL || strlen(value) >= MPI_MAX_INFO_VAL)
        return MPIR_ERR(NULL, MPI_ERR_INFO_VALUE, fc, "%s (value)", value ? "value too long" : "null value");
    if (put(i, key, value))
        return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
    return MPI_SUCCESS;
}

int MPI_Info_delete(MPI_Info h, const char *key)
{
    const char *fc = "MPI_Info_delete";
    info *i;
    int rc = check(fc, h, &i);
    if (rc || (rc = check_key(fc, key)))
        return rc;
    entry **e = find(i, key);
    if (*e == NULL || i == &env_info)
        return MPIR_ERR(NULL, MPI_ERR_INFO_NOKEY, fc, "no key \"%s\" (key)", key);
    entry *gone = *e;
    *e = gone->next;
    free(gone->key);
    free(gone->value);
    free(gone);
    return MPI_SUCCESS;
}

/* MPI-4.0 Info_get_string: *buflen in, the value's length + 1 out; truncates to fit. */
static int get_string(const char *fc, MPI_Info h, const char *key, int *buflen, char *value, int *flag)
{
    info *i;
    int rc = check(fc, h, &i);
    if (rc || (rc = check_key(fc, key)))
        return rc;
    if (buflen == NULL || flag == NULL || (*buflen > 0 && value == NULL))
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "null pointer (%s)", buflen == NULL ? "buflen" : flag ? "value" : "flag");
    entry *e = *find(i, key);
    *flag = e != NULL;
    if (e == NULL)
        return MPI_SUCCESS;
    int n = (int)strlen(e->value);
    if (*buflen > 0) {
        int copy = n < *buflen - 1 ? n : *buflen - 1;
        memcpy(value, e->value, (size_t)copy);
        value[copy] = 0;
    }
    *buflen = n + 1;
    return MPI_SUCCESS;
}

int MPI_Info_get_string(MPI_Info h, const char *key, int *buflen, char *value, int *flag)
{
    return get_string("MPI_Info_get_string", h, key, buflen, value, flag);
}

int MPI_Info_get(MPI_Info h, const char *key, int valuelen, char *value, int *flag)
{
    if (valuelen < 0)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Info_get", "negative length %d (valuelen)", valuelen);
    int len = valuelen + 1;
    return get_string("MPI_Info_get", h, key, &len, value, flag);
}

int MPI_Info_get_valuelen(MPI_Info h, const char *key, int *valuelen, int *flag)
{
    int len = 0;
    int rc = get_string("MPI_Info_get_valuelen", h, key, &len, NULL, flag);
    if (rc == MPI_SUCCESS && *flag)
        *valuelen = len - 1;
    return rc;
}

int MPI_Info_get_nkeys(MPI_Info h, int *nkeys)
{
    info *i;
    int rc = check("MPI_Info_get_nkeys", h, &i);
    if (rc)
        return rc;
    int n = 0;
    for (entry *e = i->first; e; e = e->next)
        n++;
    *nkeys = n;
    return MPI_SUCCESS;
}

int MPI_Info_get_nthkey(MPI_Info h, int n, char *key)
{
    const char *fc = "MPI_Info_get_nthkey";
    info *i;
    int rc = check(fc, h, &i);
    if (rc)
        return rc;
    entry *e = i->first;
    for (int k = 0; e && k < n; k++)
        e = e->next;
    if (n < 0 || e == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, fc, "no key number %d (n)", n);
    strcpy(key, e->key);
    return MPI_SUCCESS;
}

int MPI_Info_dup(MPI_Info h, MPI_Info *newinfo)
{
    const char *fc = "MPI_Info_dup";
    info *i, *n;
    int rc = check(fc, h, &i);
    if (rc || (rc = new_info(fc, &n)))
        return rc;
    for (entry *e = i->first; e; e = e->next)
        if (put(n, e->key, e->value)) {
            MPI_Info gone = n->handle;
            MPI_Info_free(&gone);
            return MPIR_ERR(NULL, MPI_ERR_NO_MEM, fc, "out of memory");
        }
    *newinfo = n->handle;
    return MPI_SUCCESS;
}

int MPI_Info_free(MPI_Info *h)
{
    info *i;
    if (h == NULL)
        return MPIR_ERR(NULL, MPI_ERR_ARG, "MPI_Info_free", "null pointer (info)");
    int rc = check("MPI_Info_free", *h, &i);
    if (rc)
        return rc;
    if (i == &env_info)
        return MPIR_ERR(NULL, MPI_ERR_INFO, "MPI_Info_free", "MPI_INFO_ENV cannot be freed (info)");
    while (i->first) {
        entry *e = i->first;
        i->first = e->next;
        free(e->key);
        free(e->value);
        free(e);
    }
    MPIR_Handle_free(WMPI_KIND_INFO, i->handle);
    free(i);
    *h = MPI_INFO_NULL;
    return MPI_SUCCESS;
}
