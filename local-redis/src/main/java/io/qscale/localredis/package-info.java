/**
 * A throwaway {@code redis-server} on a free port for tests and the demo, and its JUnit extension.
 */
package io.qscale.localredis;
