package dev.portico.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The index hands out only the objects a query can be about, so requests cost what they address. */
class ObjectIndexTest {

  static AttributeSet key(String plural, String namespace, String name) {
    AttributeSet key = new AttributeSet(new Attribute("plural", plural), new Attribute("version", "v1"));
    key = namespace == null ? key : key.add(new Attribute("namespace", namespace));
    return name == null ? key : key.add(new Attribute("name", name));
  }

  static ObjectIndex filled() {
    ObjectIndex index = new ObjectIndex();
    for (String namespace : new String[] {"shop", "shop-eu", "shopx", "sho"}) {
      for (String name : new String[] {"a", "b"}) {
        index.put(key("configmaps", namespace, name), namespace + "/" + name);
      }
    }
    index.put(key("namespaces", null, "shop"), "namespace shop");
    return index;
  }

  @Test
  void aNamespacedListIsHandedOnlyThatNamespacesObjects() {
    assertThat(filled().candidates(key("configmaps", "shop", null))).extracting(Map.Entry::getValue)
        .containsExactly("shop/a", "shop/b");
  }

  @Test
  void aListOverAllNamespacesIsHandedEveryObjectOfThatPluralAndNoOther() {
    assertThat(filled().candidates(key("configmaps", null, null))).hasSize(8);
    assertThat(filled().candidates(key("namespaces", null, null))).extracting(Map.Entry::getValue)
        .containsExactly("namespace shop");
  }

  @Test
  void aNamedObjectIsHandedAloneAndAnAbsentOneNotAtAll() {
    assertThat(filled().candidates(key("configmaps", "shop-eu", "b"))).extracting(Map.Entry::getValue)
        .containsExactly("shop-eu/b");
    assertThat(filled().candidates(key("configmaps", "shop", "c"))).isEmpty();
    assertThat(filled().candidates(key("secrets", "shop", "a"))).isEmpty();
  }

  @Test
  void aQueryWithoutPluralIsLeftToAScan() {
    assertThat(filled().candidates(new AttributeSet(new Attribute("name", "a")))).isNull();
  }

  @Test
  void replacingAndRemovingKeepTheCountAndTheLatestJson() {
    ObjectIndex index = filled();
    index.put(key("configmaps", "shop", "a"), "shop/a v2");
    assertThat(index.size()).isEqualTo(9);
    assertThat(index.get(key("configmaps", "shop", "a"))).isEqualTo("shop/a v2");

    index.remove(key("configmaps", "shop", "a"));
    index.remove(key("configmaps", "shop", "a"));

    assertThat(index.size()).isEqualTo(8);
    assertThat(index.get(key("configmaps", "shop", "a"))).isNull();
    assertThat(index.candidates(key("configmaps", "shop", null))).extracting(Map.Entry::getValue)
        .containsExactly("shop/b");
  }
}
