package dev.basalt.rest;

import dev.basalt.collections.Collection;
import dev.basalt.collections.CollectionDefaults;
import dev.basalt.collections.CollectionJson;
import dev.basalt.collections.Collections;
import dev.basalt.error.ApiException;
import dev.basalt.error.ErrorCode;
import dev.basalt.records.CollectionPage;
import dev.basalt.records.ListQuery;
import dev.basalt.records.RecordActions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** {@code /api/collections}: the superuser-only collections API. */
final class CollectionRoutes {
    private final Supplier<Collections> collections;
    private final Supplier<RecordActions> records;
    private final Http http;

    CollectionRoutes(Supplier<Collections> collections, Supplier<RecordActions> records, Http http) {
        this.collections = collections;
        this.records = records;
        this.http = http;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/collections/meta/scaffolds", this::scaffolds);
        routes.put("/api/collections/import", this::importCollections);
        routes.get("/api/collections", this::list);
        routes.post("/api/collections", this::create);
        routes.get("/api/collections/{collection}", this::view);
        routes.patch("/api/collections/{collection}", this::update);
        routes.delete("/api/collections/{collection}", this::delete);
        routes.delete("/api/collections/{collection}/truncate", this::truncate);
    }

    private void list(Context ctx) {
        http.requireSuperuser(ctx);
        ListQuery query = new ListQuery(Http.intParam(ctx, "page", 1), Http.intParam(ctx, "perPage", ListQuery.DEFAULT_PER_PAGE),
                ctx.queryParam("sort"), ctx.queryParam("filter"), Http.boolParam(ctx, "skipTotal"));
        CollectionPage page = records.get().listCollections(query);
        List<Object> items = new ArrayList<>();
        for (Collection c : page.items()) {
            items.add(CollectionJson.toApi(c));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("page", page.page());
        body.put("perPage", page.perPage());
        body.put("totalItems", page.totalItems());
        body.put("totalPages", page.totalPages());
        Http.json(ctx, 200, body);
    }

    private void view(Context ctx) {
        http.requireSuperuser(ctx);
        Http.json(ctx, 200, CollectionJson.toApi(collections.get().require(ctx.pathParam("collection"))));
    }

    private void create(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body = body(ctx);
        Http.json(ctx, 200, CollectionJson.toApi(collections.get().create(body)));
    }

    private void update(Context ctx) {
        http.requireSuperuser(ctx);
        Collection current = collections.get().require(ctx.pathParam("collection"));
        JsonNode body = body(ctx);
        Http.json(ctx, 200, CollectionJson.toApi(collections.get().update(current.id(), body)));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Http.jsonBody(ctx, Http.DEFAULT_BODY_LIMIT);
            if (!body.isObject()) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "Failed to load the submitted data due to invalid formatting.");
            }
            return body;
        } catch (ApiException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "Failed to load the submitted data due to invalid formatting.");
            }
            throw e;
        }
    }

    private void delete(Context ctx) {
        http.requireSuperuser(ctx);
        collections.get().delete(ctx.pathParam("collection"));
        Http.noContent(ctx);
    }

    private void truncate(Context ctx) {
        http.requireSuperuser(ctx);
        records.get().truncate(ctx.pathParam("collection"));
        Http.noContent(ctx);
    }

    private void importCollections(Context ctx) {
        http.requireSuperuser(ctx);
        JsonNode body;
        try {
            body = Http.jsonBody(ctx, Http.DEFAULT_BODY_LIMIT);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw ApiException.badRequest("An error occurred while loading the submitted data.");
            }
            throw e;
        }
        JsonNode list = body.path("collections");
        if (!body.isObject() || (!list.isMissingNode() && !list.isNull() && !list.isArray())) {
            throw ApiException.badRequest("An error occurred while loading the submitted data.");
        }
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        collections.get().importCollections(items, body.path("deleteMissing").asBoolean(false));
        Http.noContent(ctx);
    }

    private void scaffolds(Context ctx) {
        http.requireSuperuser(ctx);
        Http.json(ctx, 200, CollectionDefaults.scaffolds());
    }
}
