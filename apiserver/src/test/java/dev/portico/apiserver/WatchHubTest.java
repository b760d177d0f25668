package dev.portico.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resuming watches from a resourceVersion: replay of what was missed, or Expired when it was forgotten. */
class WatchHubTest {

  static final AttributeSet CONFIG_MAPS = new AttributeSet(new Attribute("plural", "configmaps"));

  static JsonNode object(String name, long resourceVersion) {
    return Json.parse("{\"metadata\":{\"name\":\"" + name + "\",\"resourceVersion\":\"" + resourceVersion + "\"}}");
  }

  @Test
  void aWatchResumingFromAVersionReceivesEverythingAfterItThenLiveChanges() {
    WatchHub hub = new WatchHub(10);
    hub.publish(WatchHub.Type.ADDED, null, object("a", 1), null, CONFIG_MAPS);
    hub.publish(WatchHub.Type.ADDED, null, object("b", 2), null, CONFIG_MAPS);
    List<String> seen = new ArrayList<>();

    hub.subscribe(CONFIG_MAPS, o -> true, 1, e -> seen.add(e.type() + " " + e.object().path("metadata").path("name").asString()));
    hub.publish(WatchHub.Type.MODIFIED, object("a", 1), object("a", 3), CONFIG_MAPS, CONFIG_MAPS);

    assertThat(seen).containsExactly("ADDED b", "MODIFIED a");
  }

  @Test
  void aWatchResumingFromAForgottenVersionIsToldItExpired() {
    WatchHub hub = new WatchHub(2);
    for (int rv = 1; rv <= 4; rv++) {
      hub.publish(WatchHub.Type.ADDED, null, object("o" + rv, rv), null, CONFIG_MAPS);
    }

    assertThatThrownBy(() -> hub.subscribe(CONFIG_MAPS, o -> true, 1, e -> { }))
        .isInstanceOf(WatchHub.Expired.class).hasMessageContaining("too old resource version: 1");
    assertThat(hub.subscribe(CONFIG_MAPS, o -> true, 2, e -> { })).isNotNull();
  }
}
