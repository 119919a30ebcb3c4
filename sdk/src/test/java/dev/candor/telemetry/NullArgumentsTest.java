package dev.candor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every public builder setter of the SDK refuses null the way the JDK does: a NullPointerException at
 * the call, naming the setter's parameter (the setter's own name), never a silent null that fails later.
 */
class NullArgumentsTest {
    @Test
    void everyBuilderSetterNamesTheNullItRefuses() throws Exception {
        List<Object> builders = List.of(
                Telemetry.builder("forge", "1.0.0"),
                EventCatalog.builder(),
                EventDefinition.builder("template.created"),
                PropertyDefinition.builder("template", PropertyType.STRING),
                CommandEvent.builder("build"));
        List<String> checked = new ArrayList<>();
        for (Object builder : builders) {
            for (Method m : builder.getClass().getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass() == builder.getClass()
                        && m.getParameterCount() == 1
                        && !m.getParameterTypes()[0].isPrimitive()) {
                    Throwable thrown = catchThrowable(() -> invoke(m, builder));
                    assertThat(thrown)
                            .as(builder.getClass().getName() + "." + m.getName() + "(null)")
                            .isInstanceOf(NullPointerException.class)
                            .hasMessage(m.getName().equals("option") ? "name" : m.getName());
                    checked.add(m.getName());
                }
            }
        }
        assertThat(checked).contains("endpoint", "catalog", "arguments", "comment", "duration", "event", "level");
    }

    private static void invoke(Method m, Object target) throws Throwable {
        try {
            m.invoke(target, new Object[] {null});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
