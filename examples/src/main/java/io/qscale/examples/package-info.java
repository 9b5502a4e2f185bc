/** Real use cases built on the worker SDK, each run by a test (docs/use-cases.md). */
package io.qscale.examples;
