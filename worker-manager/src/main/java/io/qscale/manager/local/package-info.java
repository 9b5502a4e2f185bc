/**
 * The {@code local} scaler: workers as child processes of the manager (no shell), adopted again
 * after a manager restart. Use it through the Scaler SPI by name.
 */
package io.qscale.manager.local;
