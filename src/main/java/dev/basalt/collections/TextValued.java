package dev.basalt.collections;

/** Fields whose value is one string stored in a {@code TEXT} column (text, email, url, editor). */
sealed interface TextValued extends Field permits TextField, EmailField, UrlField, EditorField {
    @Override
    default Object zero() {
        return "";
    }

    @Override
    default Object prepare(Object raw) {
        return Values.toText(raw);
    }

    @Override
    default Object toDb(Object value) {
        return Values.toText(value);
    }

    @Override
    default String columnType() {
        return "TEXT DEFAULT '' NOT NULL";
    }
}
