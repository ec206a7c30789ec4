package dev.basalt.rules;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.collections.GeoPointField;
import dev.basalt.collections.IndexDefinition;
import dev.basalt.collections.JsonField;
import dev.basalt.collections.NumberField;
import dev.basalt.collections.RelationField;
import dev.basalt.collections.Schema;
import dev.basalt.collections.Values;
import dev.basalt.records.Record;
import dev.basalt.records.RequestInfo;
import dev.basalt.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Resolves identifiers of the filter language to SQL for one base collection and one caller
 * (PocketBase's RecordFieldResolver): record fields, relation and back-relation paths (through
 * LEFT JOINs, shared by alias), JSON paths, {@code @request.*}, {@code @collection.*} and the
 * modifiers {@code :isset :changed :length :each :lower}. Multi-valued paths also get a
 * {@link MultiMatch} subquery for match-all comparisons.
 *
 * <p>With {@code allowHidden == false} (client filters of non-superusers) hidden fields are
 * refused, auth emails only match when visible, and every collection reached through a join must
 * be listable by the caller: its list rule is added to the query.
 */
final class FieldResolver {
    static final int MAX_NESTED_RELATIONS = 6;
    private static final Set<String> MODIFIERS = Set.of("each", "isset", "length", "lower", "changed");
    private static final List<Pattern> ALLOWED = List.of(
            Pattern.compile("^\\w+[\\w.:]*$"),
            Pattern.compile("^@request\\.context$"),
            Pattern.compile("^@request\\.method$"),
            Pattern.compile("^@request\\.auth\\.[\\w.:]*\\w+$"),
            Pattern.compile("^@request\\.body\\.[\\w.:]*\\w+$"),
            Pattern.compile("^@request\\.query\\.[\\w.:]*\\w+$"),
            Pattern.compile("^@request\\.headers\\.[\\w.:]*\\w+$"),
            Pattern.compile("^@collection\\.\\w+(:\\w+)?\\.[\\w.:]*\\w+$"));
    private static final Pattern VIA = Pattern.compile("^(\\w+)_via_(\\w+)$");
    private static final Set<String> STATIC_AUTH_FIELDS =
            Set.of("id", "collectionId", "collectionName", "email", "emailVisibility", "verified");

    private final Schema schema;
    private final Collection base;
    private final String baseTable;
    private final String baseAlias;
    private final RequestInfo info;
    private boolean allowHidden;
    private final String aliasSuffix;
    final Map<String, Join> joins = new LinkedHashMap<>();
    /** Collections reached through joins while {@code allowHidden} was off: alias → collection. */
    final Map<String, Collection> listRuleJoins = new LinkedHashMap<>();
    /** Set by the compiler so {@code :changed} can compile its sub-filter. */
    ExprCompiler compiler;

    FieldResolver(Schema schema, Collection base, String baseTable, String baseAlias, RequestInfo info, boolean allowHidden,
            String aliasSuffix) {
        this.schema = schema;
        this.base = base;
        this.baseTable = baseTable;
        this.baseAlias = baseAlias;
        this.info = info;
        this.allowHidden = allowHidden;
        this.aliasSuffix = aliasSuffix;
    }

    Collection base() {
        return base;
    }

    String baseAlias() {
        return baseAlias;
    }

    RequestInfo info() {
        return info;
    }

    boolean allowHidden() {
        return allowHidden;
    }

    void allowHidden(boolean allow) {
        this.allowHidden = allow;
    }

    private static FilterSyntaxException error(String message) {
        return new FilterSyntaxException(message, -1);
    }

    /** Resolves one identifier. */
    Resolved resolve(String name) {
        boolean allowed = false;
        for (Pattern p : ALLOWED) {
            if (p.matcher(name).matches()) {
                allowed = true;
                break;
            }
        }
        if (!allowed) {
            throw error("failed to resolve field \"" + name + "\"");
        }
        String[] props = name.split("\\.");
        MultiMatch mm = new MultiMatch(baseTable, "__mm_" + baseAlias, baseAlias);
        if (props[0].equals("@collection")) {
            return collectionField(props, name);
        }
        if (props[0].equals("@request")) {
            return requestField(props, name);
        }
        return processProps(props, 0, base, baseAlias, "__mm_" + baseAlias, mm, false, false);
    }

    // ---------------------------------------------------------------- @collection

    private Resolved collectionField(String[] props, String name) {
        if (props.length < 3) {
            throw error("invalid @collection field path in \"" + name + "\"");
        }
        String[] nameAndAlias = props[1].split(":", 2);
        Collection c = schema.find(nameAndAlias[0])
                .orElseThrow(() -> error("failed to load collection \"" + nameAndAlias[0] + "\" from field path \"" + name + "\""));
        String alias = columnify(nameAndAlias.length == 2 ? "__collection_alias_" + nameAndAlias[1] : "__collection_" + c.name())
                + aliasSuffix;
        registerJoin(c, new Join(alias, tableOf(c, alias), null));
        MultiMatch mm = new MultiMatch(baseTable, "__mm_" + baseAlias, baseAlias);
        String mmAlias = "__mm_" + alias;
        mm.join(new Join(mmAlias, tableOf(c, mmAlias), null));
        return processProps(props, 2, c, alias, mmAlias, mm, false, true);
    }

    // ---------------------------------------------------------------- @request

    private Resolved requestField(String[] props, String name) {
        if (info == null) {
            return Resolved.nullValue();
        }
        String section = props.length > 1 ? props[1] : "";
        if (section.equals("auth")) {
            return authField(props);
        }
        if (section.equals("body") && props.length >= 3) {
            String[] fm = splitModifier(props[2]);
            Optional<Field> field = base.field(fm[0]);
            if (field.isPresent()) {
                Field f = field.get();
                if (f instanceof RelationField rel && props.length > 3) {
                    return bodyRelation(rel, props);
                }
                if (props.length == 3 && fm[1] != null) {
                    switch (fm[1]) {
                        case "each" -> {
                            return bodyEach(f);
                        }
                        case "length" -> {
                            if (!f.multiple() && !(f instanceof RelationField) && !(f instanceof dev.basalt.collections.SelectField)
                                    && !(f instanceof dev.basalt.collections.FileField)) {
                                throw error("field \"" + f.name() + "\" doesn't support multivalue operations");
                            }
                            return Resolved.raw(Integer.toString(toSlice(info.body().get(f.name())).size()));
                        }
                        case "lower" -> {
                            return Resolved.paramCall(Values.toText(info.body().get(f.name())), FieldResolver::lower);
                        }
                        case "changed" -> {
                            return bodyChanged(f);
                        }
                        default -> { }
                    }
                }
            }
        }
        return staticRequestValue(props);
    }

    private Resolved staticRequestValue(String[] props) {
        String[] last = splitModifier(props[props.length - 1]);
        String modifier = last[1];
        List<String> path = new ArrayList<>();
        for (int i = 1; i < props.length - 1; i++) {
            path.add(props[i]);
        }
        path.add(last[0]);
        Object root = switch (path.get(0)) {
            case "context" -> info.context();
            case "method" -> info.method();
            case "query" -> info.query();
            case "headers" -> info.headers();
            case "body" -> info.body();
            default -> null;
        };
        boolean found = true;
        Object value = root;
        for (int i = 1; i < path.size(); i++) {
            String key = path.get(i);
            if (value instanceof Map<?, ?> map && map.containsKey(key)) {
                value = map.get(key);
            } else if (value instanceof tools.jackson.databind.JsonNode node && node.has(key)) {
                value = Json.toPlain(node.get(key));
            } else if (value instanceof List<?> list && key.matches("\\d+") && Integer.parseInt(key) < list.size()) {
                value = list.get(Integer.parseInt(key));
            } else {
                found = false;
                value = null;
                break;
            }
        }
        if ("isset".equals(modifier)) {
            return Resolved.raw(found ? "TRUE" : "FALSE");
        }
        if (modifier != null && !modifier.equals("lower")) {
            throw error("invalid modifier sequence " + String.join(".", path) + ":" + modifier);
        }
        value = normalizeStatic(value, path);
        if (value == null) {
            return Resolved.nullValue();
        }
        if ("lower".equals(modifier)) {
            return Resolved.paramCall(Values.toText(value), FieldResolver::lower);
        }
        return Resolved.param(value);
    }

    private Object normalizeStatic(Object value, List<String> path) {
        if (value instanceof String s && path.get(0).equals("body") && path.size() == 2
                && base.field(path.get(1)).filter(f -> f instanceof NumberField).isPresent()) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case java.math.BigDecimal d -> d.doubleValue();
            case Number n -> n.doubleValue();
            case dev.basalt.collections.PasswordValue p -> p.plain();
            case dev.basalt.collections.GeoPoint g -> Json.write(g.toJson());
            default -> Json.write(value);
        };
    }

    private Resolved authField(String[] props) {
        Record auth = info.auth();
        if (auth == null || props.length < 3) {
            return Resolved.nullValue();
        }
        String[] fm = splitModifier(props[2]);
        if (props.length == 3 && STATIC_AUTH_FIELDS.contains(fm[0])) {
            Object value = switch (fm[0]) {
                case "id" -> auth.id();
                case "collectionId" -> auth.collection().id();
                case "collectionName" -> auth.collection().name();
                case "email" -> auth.getString("email");
                case "emailVisibility" -> auth.getBool("emailVisibility");
                default -> auth.getBool("verified");
            };
            if ("isset".equals(fm[1])) {
                return Resolved.raw("TRUE");
            }
            if ("lower".equals(fm[1])) {
                return Resolved.paramCall(Values.toText(value), FieldResolver::lower);
            }
            if (fm[1] != null) {
                throw error("invalid modifier sequence auth." + fm[0] + ":" + fm[1]);
            }
            return Resolved.param(value);
        }
        Collection c = auth.collection();
        String alias = "__auth_" + columnify(c.name()) + aliasSuffix;
        registerJoin(c, new Join(alias, tableOf(c, alias), DSL.field(DSL.name(alias, "id")).eq(auth.id())));
        MultiMatch mm = new MultiMatch(baseTable, "__mm_" + baseAlias, baseAlias);
        String mmAlias = "__mm_" + alias;
        mm.join(new Join(mmAlias, tableOf(c, mmAlias), DSL.field(DSL.name(mmAlias, "id")).eq(auth.id())));
        return processProps(props, 2, c, alias, mmAlias, mm, true, false);
    }

    private Resolved bodyRelation(RelationField rel, String[] props) {
        List<String> ids = Values.toUniqueStrings(info.body().get(rel.name()));
        Optional<Collection> target = schema.find(rel.collectionId());
        if (ids.isEmpty() || target.isEmpty()) {
            return Resolved.nullValue();
        }
        Collection c = target.get();
        String alias = columnify("__data_" + c.name() + "_" + rel.name()) + aliasSuffix;
        Condition on = ids.size() == 1 ? DSL.field(DSL.name(alias, "id")).eq(ids.get(0)) : DSL.field(DSL.name(alias, "id")).in(ids);
        registerJoin(c, new Join(alias, tableOf(c, alias), on));
        MultiMatch mm = new MultiMatch(baseTable, "__mm_" + baseAlias, baseAlias);
        String mmAlias = "__mm_" + alias;
        Condition mmOn = ids.size() == 1 ? DSL.field(DSL.name(mmAlias, "id")).eq(ids.get(0)) : DSL.field(DSL.name(mmAlias, "id")).in(ids);
        mm.join(new Join(mmAlias, tableOf(c, mmAlias), mmOn));
        return processProps(props, 3, c, alias, mmAlias, mm, true, rel.multiple());
    }

    private Resolved bodyEach(Field f) {
        if (!isMultiValuer(f)) {
            throw error("field \"" + f.name() + "\" doesn't support multivalue operations");
        }
        String json = Json.write(toSlice(info.body().get(f.name())));
        String alias = "__dataEach_je_" + columnify(f.name()) + aliasSuffix;
        joins.put(alias, new Join(alias, JsonSql.eachOfText(json, alias), null));
        Resolved r = Resolved.column(DSL.field(DSL.name(alias, "value"))).asText();
        if (f.multiple()) {
            MultiMatch mm = new MultiMatch(baseTable, "__mm_" + baseAlias, baseAlias);
            String mmAlias = "__mm___dataEach_je_" + columnify(f.name());
            mm.join(new Join(mmAlias, JsonSql.eachOfText(json, mmAlias), null));
            mm.value = DSL.field(DSL.name(mmAlias, "value"));
            r = r.withMultiMatch(mm);
        }
        return r;
    }

    private Resolved bodyChanged(Field f) {
        // PocketBase rewrites x:changed into a sub-filter and compares its truth value with IS
        Expr sub = Parser.parse("@request.body." + f.name() + ":isset = true && @request.body." + f.name() + " != " + f.name());
        Condition condition = compiler.compile(sub);
        return Resolved.column(DSL.field("({0})", condition)).withFallback(NullFallback.DISABLED);
    }

    private static List<Object> toSlice(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return List.of(value);
    }

    // ---------------------------------------------------------------- record fields and relations

    private Resolved processProps(String[] props, int start, Collection collection, String alias, String mmAlias, MultiMatch mm,
            boolean nullifyMissing, boolean multiMatchOn) {
        Collection active = collection;
        String activeAlias = alias;
        String activeMm = mmAlias;
        boolean withMultiMatch = multiMatchOn;
        for (int i = start; i < props.length; i++) {
            String prop = props[i];
            if (i == props.length - 1) {
                return finalizeField(active, activeAlias, activeMm, mm, prop, nullifyMissing, withMultiMatch);
            }
            Optional<Field> field = active.field(prop);
            if (field.isPresent() && field.get().hidden() && !allowHidden) {
                throw error("non-filterable field \"" + prop + "\"");
            }
            if (field.isPresent() && (field.get() instanceof JsonField || field.get() instanceof GeoPointField)) {
                String path = jsonPath(props, i + 1);
                Resolved r = Resolved.column(JsonSql.extract(DSL.field(DSL.name(activeAlias, prop)), path))
                        .withFallback(NullFallback.DISABLED).asText();
                if (withMultiMatch) {
                    mm.value = JsonSql.extract(DSL.field(DSL.name(activeMm, prop)), path);
                    r = r.withMultiMatch(mm);
                }
                return r;
            }
            if (i - start >= MAX_NESTED_RELATIONS) {
                throw error("max nested relations reached for field \"" + String.join(".", props) + "\"");
            }
            if (field.isEmpty()) {
                Matcher via = VIA.matcher(prop);
                if (!via.matches()) {
                    if (nullifyMissing) {
                        return Resolved.nullValue();
                    }
                    throw error("failed to resolve field \"" + prop + "\"");
                }
                Optional<Collection> back = schema.find(via.group(1)).filter(c -> c.name().equals(via.group(1)));
                Optional<Field> backField = back.flatMap(c -> c.field(via.group(2)));
                if (back.isEmpty() || backField.isEmpty() || !(backField.get() instanceof RelationField backRel)
                        || !backRel.collectionId().equals(active.id())) {
                    if (nullifyMissing) {
                        return Resolved.nullValue();
                    }
                    throw error("invalid back relation field \"" + prop + "\"");
                }
                if (backRel.hidden() && !allowHidden) {
                    throw error("non-filterable back relation field \"" + backRel.name() + "\"");
                }
                String newAlias = activeAlias + "_" + columnify(prop) + aliasSuffix;
                String newMm = activeMm + "_" + columnify(prop) + aliasSuffix;
                registerJoin(back.get(), new Join(newAlias, tableOf(back.get(), newAlias), backJoin(backRel, newAlias, activeAlias)));
                mm.join(new Join(newMm, tableOf(back.get(), newMm), backJoin(backRel, newMm, activeMm)));
                if (backRel.multiple() || IndexDefinition.findSingleColumnUnique(back.get().indexes(), backRel.name()).isEmpty()) {
                    withMultiMatch = true;
                }
                active = back.get();
                activeAlias = newAlias;
                activeMm = newMm;
                continue;
            }
            if (!(field.get() instanceof RelationField rel)) {
                throw error("field \"" + prop + "\" is not a valid relation");
            }
            Collection target = schema.find(rel.collectionId())
                    .orElseThrow(() -> error("failed to load field \"" + prop + "\" collection"));
            if (!rel.multiple() && i + 2 == props.length && splitModifier(props[i + 1])[0].equals("id")
                    && splitModifier(props[i + 1])[1] == null) {
                // rel.id is the relation column itself: no join needed
                return finalizeField(active, activeAlias, activeMm, mm, prop, nullifyMissing, withMultiMatch);
            }
            String newAlias = activeAlias + "_" + columnify(prop) + aliasSuffix;
            String newMm = activeMm + "_" + columnify(prop);
            if (rel.multiple()) {
                String je = "__je_" + newAlias;
                joins.put(je, new Join(je, JsonSql.each(DSL.field(DSL.name(activeAlias, prop)), je), null));
                registerJoin(target, new Join(newAlias, tableOf(target, newAlias),
                        DSL.field(DSL.name(newAlias, "id")).eq(DSL.field(DSL.name(je, "value")))));
                String mmJe = newMm + "_je";
                mm.join(new Join(mmJe, JsonSql.each(DSL.field(DSL.name(activeMm, prop)), mmJe), null));
                mm.join(new Join(newMm, tableOf(target, newMm), DSL.field(DSL.name(newMm, "id")).eq(DSL.field(DSL.name(mmJe, "value")))));
                withMultiMatch = true;
            } else {
                registerJoin(target, new Join(newAlias, tableOf(target, newAlias),
                        DSL.field(DSL.name(newAlias, "id")).eq(DSL.field(DSL.name(activeAlias, prop)))));
                mm.join(new Join(newMm, tableOf(target, newMm), DSL.field(DSL.name(newMm, "id")).eq(DSL.field(DSL.name(activeMm, prop)))));
            }
            active = target;
            activeAlias = newAlias;
            activeMm = newMm;
        }
        throw error("failed to resolve field \"" + String.join(".", props) + "\"");
    }

    private Condition backJoin(RelationField backRel, String backAlias, String ownerAlias) {
        org.jooq.Field<Object> backColumn = DSL.field(DSL.name(backAlias, backRel.name()));
        org.jooq.Field<Object> ownerId = DSL.field(DSL.name(ownerAlias, "id"));
        if (!backRel.multiple()) {
            return backColumn.eq(ownerId);
        }
        String je = "__je_" + backAlias;
        return JsonSql.inArray(ownerId, backColumn, je);
    }

    private Resolved finalizeField(Collection c, String alias, String mmAlias, MultiMatch mm, String prop, boolean nullifyMissing,
            boolean withMultiMatch) {
        String[] fm = splitModifier(prop);
        String name = fm[0];
        String modifier = fm[1];
        Optional<Field> field = c.field(name);
        if (field.isEmpty()) {
            if (nullifyMissing) {
                return Resolved.nullValue();
            }
            throw error("unknown field \"" + name + "\"");
        }
        Field f = field.get();
        if (f.hidden() && !allowHidden) {
            throw error("non-filterable field \"" + name + "\"");
        }
        org.jooq.Field<Object> column = DSL.field(DSL.name(alias, f.name()));
        org.jooq.Field<Object> mmColumn = DSL.field(DSL.name(mmAlias, f.name()));
        Resolved r;
        org.jooq.Field<Object> mmValue = mmColumn;
        boolean multi = withMultiMatch;
        if ("length".equals(modifier) && isMultiValuer(f)) {
            r = Resolved.column(JsonSql.arrayLength(column));
            mmValue = JsonSql.arrayLength(mmColumn);
        } else if ("each".equals(modifier) && isMultiValuer(f)) {
            String je = "__je_" + alias + "_" + columnify(f.name()) + aliasSuffix;
            joins.put(je, new Join(je, JsonSql.each(column, je), null));
            r = Resolved.column(DSL.field(DSL.name(je, "value"))).asText();
            if (f.multiple()) {
                String mmJe = "__je_" + mmAlias + "_" + columnify(f.name()) + aliasSuffix;
                mm.join(new Join(mmJe, JsonSql.each(mmColumn, mmJe), null));
                mmValue = DSL.field(DSL.name(mmJe, "value"));
                multi = true;
            }
        } else if (f instanceof JsonField) {
            r = Resolved.column(JsonSql.extract(column, "")).withFallback(NullFallback.DISABLED).asText();
            mmValue = JsonSql.extract(mmColumn, "");
        } else if (f.multiple()) {
            r = Resolved.column(JsonSql.asText(column));
            mmValue = JsonSql.asText(mmColumn);
        } else if (f instanceof NumberField || f instanceof dev.basalt.collections.BoolField || f instanceof GeoPointField) {
            r = Resolved.column(column);
        } else {
            r = Resolved.column(column).asText();
        }
        if ("lower".equals(modifier)) {
            r = r.withSql(lower(r.sql()));
            mmValue = lower(mmValue);
        }
        if (f.name().equals("email") && !allowHidden && c.isAuth()) {
            org.jooq.Field<Object> visibility = DSL.field(DSL.name(alias, "emailVisibility"));
            r = r.withAfterBuild(cond -> cond.and(visibility.eq(DSL.inline(true))));
        }
        if (multi) {
            mm.value = mmValue;
            r = r.withMultiMatch(mm);
        }
        return r;
    }

    private static boolean isMultiValuer(Field f) {
        return f instanceof RelationField || f instanceof dev.basalt.collections.SelectField
                || f instanceof dev.basalt.collections.FileField;
    }

    private static String jsonPath(String[] props, int from) {
        StringBuilder path = new StringBuilder();
        for (int i = from; i < props.length; i++) {
            String part = props[i];
            if (part.matches("\\d+")) {
                path.append('[').append(part).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(columnify(part));
            }
        }
        return path.toString();
    }

    private void registerJoin(Collection c, Join join) {
        joins.put(join.alias(), join);
        if (!allowHidden) {
            if (c.listRule() == null) {
                throw error("\"" + c.name() + "\" fields can be accessed only when allowHiddenFields is enabled or by superusers");
            }
            listRuleJoins.put(join.alias(), c);
        }
    }

    private static org.jooq.Table<?> tableOf(Collection c, String alias) {
        return DSL.table(DSL.name(c.name())).as(DSL.name(alias));
    }

    /**
     * SQL LOWER(), folding ASCII letters only as SQLite does: on PostgreSQL as text in the "C"
     * collation (which also gives an untyped parameter a type).
     */
    static org.jooq.Field<Object> lower(org.jooq.Field<Object> value) {
        return org.jooq.impl.CustomField.of("lower", org.jooq.impl.SQLDataType.OTHER, ctx -> ctx.visit(
                ctx.family() == org.jooq.SQLDialect.POSTGRES ? DSL.field("LOWER(CAST({0} AS TEXT) COLLATE \"C\")", value)
                        : DSL.field("LOWER({0})", value))).coerce(Object.class);
    }

    /** {@code name:modifier} → [name, modifier-or-null]; unknown modifiers are errors. */
    static String[] splitModifier(String prop) {
        String[] parts = prop.split(":");
        if (parts.length != 2) {
            return new String[] {prop, null};
        }
        if (!MODIFIERS.contains(parts[1])) {
            throw error("unknown modifier in \"" + prop + "\"");
        }
        return parts;
    }

    /** Removes every character outside {@code [\w.*-@#]} (PocketBase's inflector.Columnify). */
    static String columnify(String s) {
        return s.replaceAll("[^\\w.*\\-@#]", "");
    }

    /** A deterministic random-ish suffix for cloned resolvers. */
    static String suffix() {
        return dev.basalt.util.Ids.random(8, dev.basalt.util.Ids.ID_ALPHABET);
    }
}
