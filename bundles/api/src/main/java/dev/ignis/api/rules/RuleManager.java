package dev.ignis.api.rules;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Read side of the rule manager, for /api/v1/rules, /api/v1/alerts and the UI. Thread-safe. */
@ProviderType
public interface RuleManager {
    /** All loaded groups in file then config order. */
    List<RuleGroupState> groups();

    /** All pending and firing alerts. */
    List<ActiveAlert> alerts();
}
