package dev.basalt.records;

/**
 * The parameters of a list request.
 *
 * @param page      1-based page (values below 1 mean 1)
 * @param perPage   page size (below 1 means 30, above 1000 means 1000)
 * @param sort      PocketBase sort expression ({@code -created,title}), may be empty
 * @param filter    filter expression, may be empty
 * @param skipTotal when true no count query runs and totals are -1
 */
public record ListQuery(int page, int perPage, String sort, String filter, boolean skipTotal) {
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 1000;

    public ListQuery {
        page = Math.max(page, 1);
        perPage = perPage <= 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
        sort = sort == null ? "" : sort;
        filter = filter == null ? "" : filter;
    }
}
