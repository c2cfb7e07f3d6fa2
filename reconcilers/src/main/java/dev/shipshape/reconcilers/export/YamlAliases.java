package dev.shipshape.reconcilers.export;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;

import java.io.IOException;

/**
 * Refuses YAML aliases ({@code *name}) in configuration files. A handful of nested aliases can
 * stand for billions of values ("billion laughs"); Jackson does not expand them but reads an alias
 * as its bare name, so a configuration that uses one would silently hold the wrong value. Neither
 * is acceptable, and configuration files have no need for them.
 */
final class YamlAliases {
    private YamlAliases() {
    }

    static void refuse(String fileName, String text) {
        try (JsonParser parser = Yaml.mapper().getFactory().createParser(text)) {
            if (!(parser instanceof YAMLParser yaml)) {
                return;
            }
            while (yaml.nextToken() != null) {
                if (yaml.isCurrentAlias()) {
                    JsonLocation at = yaml.currentTokenLocation();
                    throw new InvalidInputException(fileName, at.getLineNr(), at.getColumnNr(), null,
                            "uses a YAML alias (*name): anchors and aliases are refused in configuration files, since a few"
                                    + " of them can stand for a huge document; write the values out");
                }
            }
        } catch (JsonProcessingException e) {
            // Not valid YAML: the parse that follows reports it with its position.
        } catch (IOException e) {
            throw new ExportIoException("cannot read " + fileName + " (" + e.getMessage() + ")", e);
        }
    }
}
