package io.p3.atlas.server.catalog.stream;

/** What a stream plays (stored by name). */
public enum StreamKind { LIVE, VOD, AUDIO }
