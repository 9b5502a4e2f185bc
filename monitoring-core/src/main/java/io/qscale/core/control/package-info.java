/**
 * API. What the managers of a queue share through Redis, so that any process may read it without
 * depending on the manager: the mode ({@code ManagerMode}, {@code ManagerModes}), the capped
 * decision stream ({@code DecisionLog}) and its records ({@code RecordedDecision}).
 */
package io.qscale.core.control;
