/**
 * The evaluation loop of the function problems (the original's {@code function_fit}, spec §9.2): x from 0, fresh
 * random coefficients per run, a fixed number of optimizer steps, the loss before each update recorded.
 */
package org.l2o.eval.functions;
