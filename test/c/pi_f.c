#include <math.h>
#include "pi_f.h"

double f(double x) { return 4.0 / (1.0 + pow(x, 2.0)); }
