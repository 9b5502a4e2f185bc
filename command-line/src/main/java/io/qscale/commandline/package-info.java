/**
 * API for qscale's own commands: the {@code --redis}/{@code --queue} mixin with the one precedence
 * rule (flag, environment, file, default) and one-line argument errors.
 */
package io.qscale.commandline;
