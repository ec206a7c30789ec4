package dev.basalt.records;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public JSON of a record (PocketBase's {@code PublicExport} plus the API's enrich step):
 * hidden fields only for superusers, {@code password}/{@code tokenKey} never, {@code email} of
 * auth records only when visible, to the record itself, to superusers or to managers. Keys are
 * alphabetical, as PocketBase's map encoding makes them.
 */
public final class RecordExport {
    private RecordExport() {}

    /** The record as {@code info}'s caller may see it, with its expanded relations. */
    public static Map<String, Object> forCaller(Record r, RequestInfo info) {
        return forCaller(r, info, java.util.Set.of());
    }

    /**
     * The record as the caller may see it; {@code managed} holds the ids of auth records the caller
     * manages (manageRule), whose email is shown regardless of emailVisibility.
     */
    public static Map<String, Object> forCaller(Record r, RequestInfo info, java.util.Set<String> managed) {
        boolean owner = info.auth() != null && info.auth().collection().id().equals(r.collection().id())
                && info.auth().id().equals(r.id());
        Map<String, Object> expand = null;
        if (!r.expand().isEmpty()) {
            expand = new TreeMap<>();
            for (Map.Entry<String, Object> e : r.expand().entrySet()) {
                Object v = e.getValue();
                if (v instanceof Record related) {
                    expand.put(e.getKey(), forCaller(related, info, managed));
                } else if (v instanceof java.util.List<?> list) {
                    java.util.List<Object> items = new java.util.ArrayList<>(list.size());
                    for (Object item : list) {
                        items.add(forCaller((Record) item, info, managed));
                    }
                    expand.put(e.getKey(), items);
                }
            }
        }
        return export(r, info.isSuperuser(), owner || managed.contains(r.collection().id() + "/" + r.id()), expand);
    }

    /**
     * @param showEmail true when the caller may see the email regardless of emailVisibility
     *                  (superuser, owner, manager, or the record's own auth response)
     */
    public static Map<String, Object> export(Record r, boolean superuser, boolean showEmail, Map<String, Object> expand) {
        Collection c = r.collection();
        Map<String, Object> out = new TreeMap<>();
        for (Field f : c.fields()) {
            if (f.hidden() && !superuser) {
                continue;
            }
            if (c.isAuth() && (f.name().equals("password") || f.name().equals("tokenKey"))) {
                continue;
            }
            out.put(f.name(), f.toJson(r.get(f.name())));
        }
        if (c.isAuth() && !showEmail && !superuser && !r.getBool("emailVisibility")) {
            out.remove("email");
        }
        out.put("collectionId", c.id());
        out.put("collectionName", c.name());
        if (expand != null && !expand.isEmpty()) {
            out.put("expand", expand);
        }
        return out;
    }
}
