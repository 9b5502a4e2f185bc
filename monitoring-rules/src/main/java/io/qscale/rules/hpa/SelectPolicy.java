package io.qscale.rules.hpa;

/** Which of several rate policies wins: the one allowing the most change (MAX), the least (MIN), or none. */
public enum SelectPolicy { MAX, MIN, DISABLED }
