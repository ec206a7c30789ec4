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

    /** The record as {@code info}'s caller may see it. */
    public static Map<String, Object> forCaller(Record r, RequestInfo info) {
        boolean owner = info.auth() != null && info.auth().collection().id().equals(r.collection().id())
                && info.auth().id().equals(r.id());
        return export(r, info.isSuperuser(), owner, null);
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
