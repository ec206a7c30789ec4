package dev.basalt.rules;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.collections.Schema;
import dev.basalt.error.FieldError;
import dev.basalt.records.Record;
import dev.basalt.records.RecordStore;
import dev.basalt.records.RequestInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The single place where API rules are decided (PocketBase's rule semantics): superusers bypass
 * every rule, a {@code null} rule denies everyone else, an empty rule allows everyone, and any
 * other rule compiles to SQL that becomes part of the query — nothing is fetched and then
 * filtered in Java.
 */
public final class RuleEngine {
    private static final int MAX_SORT_FIELDS = 8;
    private static final int MAX_SORT_FIELD_LENGTH = 255;

    private final Supplier<Schema> schema;
    private final Clock clock;

    public RuleEngine(Supplier<Schema> schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /**
     * Decides a rule for a caller.
     *
     * @throws FilterSyntaxException when a stored rule does not compile
     */
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
        return new Decision.Filter(compileRule(c, c.name(), c.name(), rule, info));
    }

    private Compiled compileRule(Collection c, String table, String alias, String rule, RequestInfo info) {
        FieldResolver resolver = new FieldResolver(schema.get(), c, table, alias, info, true, "");
        Condition where = new ExprCompiler(resolver, clock).compile(Parser.parse(rule));
        return new Compiled(where, List.copyOf(resolver.joins.values()));
    }

    /**
     * The list query of a caller: the list rule (unless superuser) AND the client filter, and the
     * sort, sharing joins. For non-superusers the client filter and sort may not use hidden fields
     * and every collection they reach through a relation must be listable by the caller.
     *
     * @throws FilterSyntaxException for an invalid filter, sort or stored rule
     */
    public ListPlan list(Collection c, RequestInfo info, String filter, String sort) {
        boolean superuser = info.isSuperuser();
        FieldResolver resolver = new FieldResolver(schema.get(), c, c.name(), c.name(), info, true, "");
        ExprCompiler compiler = new ExprCompiler(resolver, clock);
        Condition where = DSL.trueCondition();
        if (!superuser && c.listRule() != null && !c.listRule().isBlank()) {
            where = where.and(compiler.compile(Parser.parse(c.listRule())));
        }
        resolver.allowHidden(superuser);
        if (filter != null && !filter.isBlank()) {
            where = where.and(compiler.compile(Parser.parse(filter)));
        }
        List<SortKey> order = sort(c, sort, compiler);
        List<Join> joins = new ArrayList<>(resolver.joins.values());
        for (Map.Entry<String, Collection> e : resolver.listRuleJoins.entrySet()) {
            Collection related = e.getValue();
            if (related.listRule() == null || related.listRule().isBlank()) {
                continue;
            }
            // the caller must be able to list every collection a client filter reaches
            FieldResolver clone = new FieldResolver(schema.get(), related, related.name(), e.getKey(), info, true,
                    FieldResolver.suffix());
            Condition visible = new ExprCompiler(clone, clock).compile(Parser.parse("id='' || (\n" + related.listRule() + "\n)"));
            where = where.and(visible);
            joins.addAll(clone.joins.values());
        }
        return new ListPlan(new Compiled(where, joins), order);
    }

    /**
     * Whether the caller may see one record through a stored rule (list or view rule) and, when
     * given, a client filter: PocketBase's realtime check. Superusers pass the rule; a null rule
     * passes nobody else. The client filter may not use {@code @request.*}, {@code @collection.*}
     * or hidden fields (not even for superusers); a filter that does not compile denies.
     */
    public Decision access(Collection c, String rule, RequestInfo info, String filter) {
        boolean noFilter = filter == null || filter.isBlank();
        if (!info.isSuperuser() && rule == null) {
            return Decision.DENY;
        }
        boolean ruleAllows = info.isSuperuser() || rule.isBlank();
        if (!noFilter && (filter.contains("@request.") || filter.contains("@collection."))) {
            return Decision.DENY;
        }
        try {
            if (noFilter) {
                return ruleAllows ? Decision.ALLOW : decide(c, rule, info);
            }
            FieldResolver resolver = new FieldResolver(schema.get(), c, c.name(), c.name(), info, true, "");
            ExprCompiler compiler = new ExprCompiler(resolver, clock);
            Condition where = ruleAllows ? DSL.trueCondition() : compiler.compile(Parser.parse(rule));
            resolver.allowHidden(false);
            where = where.and(compiler.compile(Parser.parse(filter)));
            return new Decision.Filter(new Compiled(where, List.copyOf(resolver.joins.values())));
        } catch (FilterSyntaxException e) {
            return Decision.DENY;
        }
    }

    /**
     * A filter and sort over a system table described by {@code c} (e.g. {@code _collections} for
     * the collections API): no rules, every field filterable.
     */
    public ListPlan systemList(Collection c, String filter, String sort) {
        FieldResolver resolver = new FieldResolver(schema.get(), c, c.name(), c.name(), RequestInfo.guest("GET"), true, "");
        ExprCompiler compiler = new ExprCompiler(resolver, clock);
        Condition where = filter == null || filter.isBlank() ? DSL.trueCondition() : compiler.compile(Parser.parse(filter));
        List<SortKey> order = sort(c, sort, compiler);
        return new ListPlan(new Compiled(where, List.copyOf(resolver.joins.values())), order);
    }

    private List<SortKey> sort(Collection c, String sort, ExprCompiler compiler) {
        List<SortKey> order = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            return order;
        }
        String[] parts = sort.split(",");
        if (parts.length > MAX_SORT_FIELDS) {
            throw new FilterSyntaxException("max sort expressions limit reached", -1);
        }
        for (String raw : parts) {
            String item = raw.strip();
            boolean desc = item.startsWith("-");
            String name = desc || item.startsWith("+") ? item.substring(1) : item;
            if (name.isEmpty()) {
                continue;
            }
            if (name.length() > MAX_SORT_FIELD_LENGTH) {
                throw new FilterSyntaxException("max sort field length limit reached", -1);
            }
            if (name.equals("@random")) {
                order.add(SortKey.randomOrder());
                continue;
            }
            if (name.equals("@rowid")) {
                order.add(SortKey.rowid(c, desc));
                continue;
            }
            Resolved r;
            try {
                r = compiler.identifier(name);
            } catch (FilterSyntaxException e) {
                throw new FilterSyntaxException("invalid sort field \"" + name + "\"", -1);
            }
            if (!r.params().isEmpty() || r.isEmptyLiteral()) {
                throw new FilterSyntaxException("invalid sort field \"" + name + "\"", -1);
            }
            order.add(new SortKey(r.sql(), desc, isPlainColumn(c, r.sql())));
        }
        return order;
    }

    /** A NOT NULL column of the listed table itself: JSON fields and view columns may hold NULL. */
    private static boolean isPlainColumn(Collection c, org.jooq.Field<?> field) {
        org.jooq.Name q = field.getQualifiedName();
        String[] parts = q.getName();
        return !c.isView() && parts.length == 2 && parts[0].equals(c.name())
                && c.field(parts[1]).filter(f -> !(f instanceof dev.basalt.collections.JsonField)).isPresent();
    }

    /**
     * True when a record about to be created satisfies the create rule, evaluated against its new
     * values (PocketBase's {@code WITH <collection> AS (SELECT <new values>)}).
     */
    public boolean allowsNew(DSLContext dsl, Collection c, Record record, String rule, RequestInfo info) {
        return matchesNew(dsl, c, record, rule, info);
    }

    private boolean matchesNew(DSLContext dsl, Collection c, Record record, String rule, RequestInfo info) {
        String suffix = "__pb_create__" + FieldResolver.suffix().substring(0, 6);
        String dummy = FieldResolver.columnify(c.name() + suffix);
        List<org.jooq.SelectField<?>> values = new ArrayList<>();
        for (Field f : c.fields()) {
            Object v = f.toDb(record.get(f.name()));
            if (f.name().equals("id") && (v == null || v.toString().isEmpty())) {
                v = "__temp_id__" + suffix;
            }
            if (f.name().equals("verified") && c.isAuth()) {
                v = false;
            }
            values.add(DSL.val(v).as(DSL.name(f.name())));
        }
        FieldResolver resolver = new FieldResolver(schema.get(), c, dummy, dummy, info, true, "");
        Condition where = new ExprCompiler(resolver, clock).compile(Parser.parse(rule));
        return dsl.fetchExists(Join.leftJoinAll(DSL.with(DSL.name(dummy)).as(DSL.select(values)).selectOne()
                .from(DSL.table(DSL.name(dummy))), resolver.joins.values()).where(where));
    }

    /** True when the caller matches the collection's manageRule for this (stored or new) record. */
    public boolean canManage(DSLContext dsl, Collection c, Record record, RequestInfo info) {
        if (info.isSuperuser()) {
            return true;
        }
        String rule = c.auth() == null ? null : c.auth().manageRule();
        if (rule == null || rule.isBlank() || info.auth() == null) {
            return false;
        }
        if (record.isNew()) {
            return matchesNew(dsl, c, record, rule, info);
        }
        Compiled compiled = compileRule(c, c.name(), c.name(), rule, info);
        return RecordStore.findById(dsl, c, record.id(), compiled).isPresent();
    }

    /** The ids of {@code records} whose email the caller may see because it manages them. */
    public java.util.Set<String> managed(DSLContext dsl, List<Record> records, RequestInfo info) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (records.isEmpty() || info.auth() == null) {
            return out;
        }
        Collection c = records.get(0).collection();
        String rule = c.auth() == null ? null : c.auth().manageRule();
        if (rule == null || rule.isBlank()) {
            return out;
        }
        try {
            Compiled compiled = compileRule(c, c.name(), c.name(), rule, info);
            for (Record r : RecordStore.findByIds(dsl, c, records.stream().map(Record::id).toList(), compiled)) {
                out.add(c.id() + "/" + r.id());
            }
        } catch (FilterSyntaxException e) {
            // an invalid manage rule grants nothing
        }
        return out;
    }

    /** Validates a rule's syntax and identifiers against a collection; null when valid. */
    public FieldError validate(Collection c, String rule) {
        try {
            FieldResolver resolver = new FieldResolver(schema.get(), c, c.name(), c.name(), RequestInfo.guest("GET"), true, "");
            new ExprCompiler(resolver, clock).compile(Parser.parse(rule));
            return null;
        } catch (FilterSyntaxException e) {
            return FieldError.of("validation_invalid_rule", "Invalid rule. Raw error: " + e.getMessage());
        }
    }
}
