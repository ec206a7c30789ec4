package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.collections.IndexDefinition;
import dev.basalt.collections.RelationField;
import dev.basalt.collections.Schema;
import dev.basalt.collections.Values;
import dev.basalt.rules.Compiled;
import dev.basalt.rules.Decision;
import dev.basalt.rules.RuleEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Expands relations of a page of records ({@code ?expand=author,comments_via_post.user}), up to 6
 * levels, with one query per relation and level — never one per record. Each related record must
 * pass its collection's view rule for the caller (context {@code expand}); records that do not are
 * left out silently, as are unknown relation names. Single relations expand to an object, multiple
 * ones and back-relations to an array (a back-relation through a field with a single-column unique
 * index expands to an object).
 */
public final class RecordExpand {
    /** Maximum nesting of expanded relations. */
    public static final int MAX_DEPTH = 6;
    /** Maximum records of one back-relation per record. */
    public static final int MAX_BACK_RELATED = 1000;

    private final Schema schema;
    private final RuleEngine rules;
    private final RequestInfo info;
    private final DSLContext dsl;

    RecordExpand(Schema schema, RuleEngine rules, RequestInfo info, DSLContext dsl) {
        this.schema = schema;
        this.rules = rules;
        this.info = info.withContext("expand");
        this.dsl = dsl;
    }

    /** A parsed {@code expand} parameter: relation name → nested paths. */
    static Map<String, Object> parse(String expand) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (expand == null || expand.isBlank()) {
            return tree;
        }
        for (String path : expand.split(",")) {
            String p = path.strip();
            if (p.isEmpty()) {
                continue;
            }
            Map<String, Object> node = tree;
            String[] parts = p.split("\\.");
            for (int i = 0; i < parts.length && i < MAX_DEPTH; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                node = child;
            }
        }
        return tree;
    }

    /** Expands {@code tree} on {@code records} (all of one collection). */
    @SuppressWarnings("unchecked")
    void expand(List<Record> records, Map<String, Object> tree) {
        if (records.isEmpty() || tree.isEmpty()) {
            return;
        }
        Collection c = records.get(0).collection();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String name = e.getKey();
            Map<String, Object> subtree = (Map<String, Object>) e.getValue();
            Optional<Field> field = c.field(name);
            if (field.isPresent() && field.get() instanceof RelationField rel) {
                expandRelation(records, rel, subtree);
            } else if (name.contains("_via_")) {
                expandBackRelation(records, name, subtree);
            }
        }
    }

    private void expandRelation(List<Record> records, RelationField rel, Map<String, Object> subtree) {
        Optional<Collection> target = schema.find(rel.collectionId());
        if (target.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Record r : records) {
            ids.addAll(Values.toUniqueStrings(r.get(rel.name())));
        }
        Compiled visible = visibility(target.get());
        if (ids.isEmpty() || visible == null) {
            return;
        }
        Map<String, Record> byId = new HashMap<>();
        for (Record related : RecordStore.findByIds(dsl, target.get(), ids, visible)) {
            byId.put(related.id(), related);
        }
        expand(new ArrayList<>(byId.values()), subtree);
        for (Record r : records) {
            List<Record> found = new ArrayList<>();
            for (String id : Values.toUniqueStrings(r.get(rel.name()))) {
                Record related = byId.get(id);
                if (related != null) {
                    found.add(related);
                }
            }
            if (found.isEmpty()) {
                continue;
            }
            Map<String, Object> expand = new LinkedHashMap<>(r.expand());
            expand.put(rel.name(), rel.multiple() ? found : found.get(0));
            r.expand(expand);
        }
    }

    private void expandBackRelation(List<Record> records, String name, Map<String, Object> subtree) {
        int via = name.indexOf("_via_");
        Optional<Collection> source = schema.find(name.substring(0, via)).filter(x -> x.name().equals(name.substring(0, via)));
        if (source.isEmpty()) {
            return;
        }
        String fieldName = name.substring(via + 5);
        Collection owner = records.get(0).collection();
        Optional<Field> field = source.get().field(fieldName);
        if (field.isEmpty() || !(field.get() instanceof RelationField rel) || !rel.collectionId().equals(owner.id())) {
            return;
        }
        Compiled visible = visibility(source.get());
        if (visible == null) {
            return;
        }
        List<String> ownerIds = records.stream().map(Record::id).toList();
        org.jooq.Field<Object> column = RecordStore.column(source.get(), rel.name());
        Condition references = rel.multiple()
                ? dev.basalt.rules.JsonSql.containsAny(column, ownerIds)
                : column.in(ownerIds);
        List<Record> related = RecordStore.list(dsl, source.get(), Compiled.of(references).and(visible), List.of(), Integer.MAX_VALUE, 0);
        expand(related, subtree);
        boolean single = !rel.multiple() && IndexDefinition.findSingleColumnUnique(source.get().indexes(), rel.name()).isPresent();
        for (Record r : records) {
            List<Record> found = new ArrayList<>();
            for (Record candidate : related) {
                if (Values.toUniqueStrings(candidate.get(rel.name())).contains(r.id()) && found.size() < MAX_BACK_RELATED) {
                    found.add(candidate);
                }
            }
            if (found.isEmpty()) {
                continue;
            }
            Map<String, Object> expand = new LinkedHashMap<>(r.expand());
            expand.put(name, single ? found.get(0) : found);
            r.expand(expand);
        }
    }

    /** The caller's view-rule condition on a related collection, or null when it may see none. */
    private Compiled visibility(Collection target) {
        try {
            Decision d = rules.decide(target, target.viewRule(), info);
            return d instanceof Decision.Deny ? null : d.compiled();
        } catch (dev.basalt.rules.FilterSyntaxException e) {
            return null; // an invalid view rule shows nothing
        }
    }
}
