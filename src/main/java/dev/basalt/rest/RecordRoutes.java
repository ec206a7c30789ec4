package dev.basalt.rest;

import dev.basalt.collections.Collection;
import dev.basalt.collections.Field;
import dev.basalt.records.ListQuery;
import dev.basalt.records.ListResult;
import dev.basalt.records.Record;
import dev.basalt.records.RecordActions;
import dev.basalt.records.RecordExport;
import dev.basalt.records.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /api/collections/{collection}/records}: translates HTTP to the record actions and back. */
final class RecordRoutes {
    private static final String BASE = "/api/collections/{collection}/records";
    private final Supplier<RecordActions> actions;
    private final Http http;

    RecordRoutes(Supplier<RecordActions> actions, Http http) {
        this.actions = actions;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get(BASE, this::list);
        routes.post(BASE, this::create);
        routes.get(BASE + "/{id}", this::view);
        routes.patch(BASE + "/{id}", this::update);
        routes.delete(BASE + "/{id}", this::delete);
    }

    private void list(Context ctx) {
        RequestInfo info = http.info(ctx, "default");
        ListQuery query = new ListQuery(Http.intParam(ctx, "page", 1), Http.intParam(ctx, "perPage", ListQuery.DEFAULT_PER_PAGE),
                ctx.queryParam("sort"), ctx.queryParam("filter"), Http.boolParam(ctx, "skipTotal"));
        ListResult result = actions.get().list(ctx.pathParam("collection"), query, info);
        actions.get().expand(result.items(), ctx.queryParam("expand"), info);
        java.util.Set<String> managed = actions.get().managed(result.items(), info);
        List<Object> items = new ArrayList<>(result.items().size());
        for (Record r : result.items()) {
            items.add(RecordExport.forCaller(r, info, managed));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", result.page());
        body.put("perPage", result.perPage());
        body.put("totalItems", result.totalItems());
        body.put("totalPages", result.totalPages());
        Http.json(ctx, 200, body);
    }

    private void view(Context ctx) {
        RequestInfo info = http.info(ctx, "default");
        Record r = actions.get().view(ctx.pathParam("collection"), ctx.pathParam("id"), info);
        respond(ctx, r, info);
    }

    private long bodyLimit(Context ctx) {
        Collection c = actions.get().collection(ctx.pathParam("collection"));
        long limit = Http.DEFAULT_BODY_LIMIT;
        for (Field f : c.fields()) {
            limit += f.maxBodyContribution();
        }
        return limit;
    }

    private void create(Context ctx) {
        RequestInfo info = http.info(ctx, "default");
        try (RequestBody body = Http.body(ctx, bodyLimit(ctx), "Failed to read the submitted data.")) {
            Record r = actions.get().create(ctx.pathParam("collection"), body.data(), body.files(), info);
            respond(ctx, r, info);
        }
    }

    private void update(Context ctx) {
        RequestInfo info = http.info(ctx, "default");
        try (RequestBody body = Http.body(ctx, bodyLimit(ctx), "Failed to read the submitted data.")) {
            Record r = actions.get().update(ctx.pathParam("collection"), ctx.pathParam("id"), body.data(), body.files(), info);
            respond(ctx, r, info);
        }
    }

    private void respond(Context ctx, Record r, RequestInfo info) {
        actions.get().expand(List.of(r), ctx.queryParam("expand"), info);
        Http.json(ctx, 200, RecordExport.forCaller(r, info, actions.get().managed(List.of(r), info)));
    }

    private void delete(Context ctx) {
        actions.get().delete(ctx.pathParam("collection"), ctx.pathParam("id"), http.info(ctx, "default"));
        Http.noContent(ctx);
    }
}
