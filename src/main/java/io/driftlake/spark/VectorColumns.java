package io.driftlake.spark;

import io.driftlake.spark.common.Features;

import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;

import io.driftlake.core.DriftErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * MLlib vector columns ({@code VectorUDT}, dense or sparse) as plain numeric features: each vector
 * becomes one {@code double} column per element, inside the same projection as the scan — one
 * {@code vector_to_array} per vector column and an element access per element (Spark does not inline
 * the conversion into every access, so it runs once per row), no {@code explode} of rows. An element
 * is named from the column's ML attribute metadata ({@code VectorAssembler} writes the input column
 * names there) or {@code col[i]}; a name that would collide with another column falls back to
 * {@code col[i]}.
 */
public final class VectorColumns {
  private static final String ARRAY_SUFFIX = "__driftlake_array";

  private VectorColumns() {}

  /** The data with its vectors expanded, and each vector column's element names in order. */
  public record Expanded(Dataset<Row> data, Map<String, List<String>> elements) {}

  /** An {@code ml} or old {@code mllib} vector column (their UDT classes are not public, hence the name test). */
  public static boolean isVector(StructField field) {
    return field.dataType() instanceof UserDefinedType<?> udt && udt.getClass().getSimpleName().equals("VectorUDT");
  }

  /** Expands every vector column of {@code data}; more than {@code maxDims} elements is an input error. */
  public static Expanded expand(Dataset<Row> data, int maxDims, String role) {
    Map<String, List<String>> elements = new LinkedHashMap<>();
    StructField[] fields = data.schema().fields();
    Set<String> taken = new HashSet<>();
    for (StructField field : fields) {
      if (!isVector(field)) {
        taken.add(field.name());
      }
    }
    List<Column> projection = new ArrayList<>();
    Dataset<Row> withArrays = data;
    for (StructField field : fields) {
      if (!isVector(field)) {
        projection.add(Features.column(field.name()));
        continue;
      }
      String name = field.name();
      List<String> names = names(field, data, maxDims, role, taken);
      elements.put(name, names);
      String array = name + ARRAY_SUFFIX;
      withArrays = withArrays.withColumn(array, functions.vector_to_array(Features.column(name), "float64"));
      for (int i = 0; i < names.size(); i++) {
        projection.add(get(Features.column(array), lit(i)).as(names.get(i)));
      }
    }
    if (elements.isEmpty()) {
      return new Expanded(data, elements);
    }
    return new Expanded(withArrays.select(projection.toArray(Column[]::new)), elements);
  }

  private static List<String> names(StructField field, Dataset<Row> data, int maxDims, String role, Set<String> taken) {
    String column = field.name();
    AttributeGroup group = AttributeGroup.fromStructField(field);
    int size = group.size();
    if (size < 0) { // no metadata: the first non-null vector's size
      List<Row> first = data.where(Features.column(column).isNotNull())
          .select(functions.vector_to_array(Features.column(column), "float64")).limit(1).collectAsList();
      size = first.isEmpty() ? 0 : first.get(0).getList(0).size();
    }
    if (size > maxDims) {
      throw DriftErrors.input("vector column " + column + " in the " + role + " has " + size
          + " elements, more than --vector-max-dims " + maxDims + ". Raise --vector-max-dims, or select fewer elements upstream");
    }
    List<String> names = new ArrayList<>();
    Attribute[] attributes = group.attributes().isDefined() ? group.attributes().get() : null;
    for (int i = 0; i < size; i++) {
      String name = column + "[" + i + "]";
      if (attributes != null && i < attributes.length && attributes[i].name().isDefined()) {
        String fromMetadata = attributes[i].name().get();
        if (!taken.contains(fromMetadata)) {
          name = fromMetadata;
        }
      }
      taken.add(name);
      names.add(name);
    }
    return names;
  }
}
