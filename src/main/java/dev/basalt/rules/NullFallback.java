package dev.basalt.rules;

/**
 * How {@code =}/{@code !=} treat NULL for an operand: AUTO unifies NULL and empty values, DISABLED
 * compares with {@code IS}/{@code IS NOT} as is (JSON values, geoDistance, :changed), ENFORCED
 * always adds the NULL check (strftime).
 */
enum NullFallback { AUTO, DISABLED, ENFORCED }
