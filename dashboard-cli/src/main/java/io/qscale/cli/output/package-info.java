/**
 * How a snapshot is printed for people and for programs (JSON). Internal to the CLI.
 */
package io.qscale.cli.output;
