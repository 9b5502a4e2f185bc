/** Internal. What {@code qscale simulate} and {@code qscale record} print and write. */
package io.qscale.cli.sim;
