package dev.basalt.collections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of all collections. Lookups by id are exact; lookups by name ignore case,
 * as PocketBase's do. A new snapshot replaces the old one atomically after every schema change.
 */
public final class Schema {
    private final List<Collection> all;
    private final Map<String, Collection> byId = new LinkedHashMap<>();
    private final Map<String, Collection> byName = new LinkedHashMap<>();

    public Schema(List<Collection> collections) {
        this.all = List.copyOf(collections);
        for (Collection c : all) {
            byId.put(c.id(), c);
            byName.put(c.name().toLowerCase(Locale.ROOT), c);
        }
    }

    /** Every collection, in storage order. */
    public List<Collection> all() {
        return all;
    }

    /** The collection with this id, or else with this name (case-insensitive). */
    public Optional<Collection> find(String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        Collection c = byId.get(idOrName);
        if (c == null) {
            c = byName.get(idOrName.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(c);
    }

    /** Collections with a relation field pointing at {@code target} (excluding itself). */
    public List<Collection> referencing(Collection target) {
        List<Collection> out = new ArrayList<>();
        for (Collection c : all) {
            if (c.id().equals(target.id())) {
                continue;
            }
            for (Field f : c.fields()) {
                if (f instanceof RelationField r && r.collectionId().equals(target.id())) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }
}
