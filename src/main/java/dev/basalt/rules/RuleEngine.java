package dev.basalt.rules;

import dev.basalt.collections.Collection;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.error.FieldError;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.OrderField;
import org.jooq.impl.DSL;

/**
 * The single place where API rules are decided (PocketBase's rule semantics): superusers bypass
 * every rule, a {@code null} rule denies everyone else, an empty rule allows everyone, and any
 * other rule becomes a SQL condition that is ANDed into the query.
 */
public final class RuleEngine {
    private static final int MAX_SORT_FIELDS = 8;
    private static final int MAX_SORT_FIELD_LENGTH = 255;

    /** Decides a rule for a caller. */
    public Decision decide(Collection c, String rule, RequestInfo info) {
        if (info.isSuperuser()) {
            return Decision.ALLOW;
        }
        if (rule == null) {
            return Decision.DENY;
        }
        if (rule.isBlank()) {
            return Decision.ALLOW;
        }
        // TODO(issue 3): compile the expression; until then non-empty rules match nothing (fail closed).
        return new Decision.Filter(DSL.falseCondition());
    }

    /** The condition of a client filter expression. */
    public Condition filter(Collection c, String filter, RequestInfo info) {
        if (filter == null || filter.isBlank()) {
            return DSL.trueCondition();
        }
        throw new ApiException(ErrorCode.INVALID_FILTER, "Filters are not supported yet.");
    }

    /** The ORDER BY of a client sort expression ({@code -created,title}). */
    public List<OrderField<?>> sort(Collection c, String sort, RequestInfo info) {
        List<OrderField<?>> order = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            return order;
        }
        String[] parts = sort.split(",");
        if (parts.length > MAX_SORT_FIELDS) {
            throw ApiException.badRequest(null);
        }
        for (String raw : parts) {
            String item = raw.strip();
            boolean desc = item.startsWith("-");
            String name = desc || item.startsWith("+") ? item.substring(1) : item;
            if (name.isEmpty() || name.length() > MAX_SORT_FIELD_LENGTH) {
                throw ApiException.badRequest(null);
            }
            if (name.equals("@random")) {
                order.add(DSL.rand());
                continue;
            }
            org.jooq.Field<Object> field = name.equals("@rowid")
                    ? DSL.field(DSL.name(c.name(), "_rowid_"))
                    : c.field(name).filter(f -> !f.hidden() || info.isSuperuser()).map(f -> RecordStore.column(c, f.name()))
                            .orElseThrow(() -> ApiException.badRequest(null));
            order.add(desc ? field.desc() : field.asc());
        }
        return order;
    }

    /** True when a record about to be created satisfies the create rule's condition. */
    public boolean allowsNew(org.jooq.DSLContext dsl, Collection c, dev.basalt.records.Record record, Decision.Filter rule,
            RequestInfo info) {
        return false; // TODO(issue 3): evaluate against the new values
    }

    /** True when the caller matches the collection's manageRule for this record. */
    public boolean canManage(org.jooq.DSLContext dsl, Collection c, dev.basalt.records.Record record, RequestInfo info) {
        return info.isSuperuser(); // TODO(issue 3): evaluate manageRule
    }

    /** Validates a rule's syntax and identifiers against a collection; null when valid. */
    public FieldError validate(Collection c, String rule) {
        return null;
    }
}
