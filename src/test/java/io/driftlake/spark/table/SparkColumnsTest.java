package io.driftlake.spark.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftlake.core.table.Column;
import io.driftlake.core.table.ColumnType;
import io.driftlake.core.table.DriftColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The one mapping of the core column model to Spark types and values (no SparkSession needed). */
class SparkColumnsTest {
  /** DriftTable.SCHEMA as written by hand before the columns were defined once: it must not change. */
  private static final String DRIFT_DDL = "run_id STRING NOT NULL,run_ts TIMESTAMP NOT NULL,run_date DATE NOT NULL,"
      + "reference STRING,current STRING,window_start TIMESTAMP,window_end TIMESTAMP,slice_key STRING,slice_value STRING,"
      + "drift_type STRING NOT NULL,column_name STRING NOT NULL,data_type STRING,kind STRING,binning STRING,"
      + "bin_edges ARRAY<DOUBLE>,categories ARRAY<STRING>,ref_bin_counts ARRAY<BIGINT>,cur_bin_counts ARRAY<BIGINT>,"
      + "ref_count BIGINT,cur_count BIGINT,ref_null_fraction DOUBLE,cur_null_fraction DOUBLE,kl_ref_cur DOUBLE,"
      + "kl_cur_ref DOUBLE,js_divergence DOUBLE,js_distance DOUBLE,psi DOUBLE,hellinger DOUBLE,tv_distance DOUBLE,"
      + "l_infinity_distance DOUBLE,ks_statistic DOUBLE,wasserstein_distance DOUBLE,chi2_statistic DOUBLE,"
      + "chi2_pvalue DOUBLE,gaussian_kl DOUBLE,log_base STRING,smoothing STRING,threshold_metric STRING,threshold DOUBLE,"
      + "drifted BOOLEAN,status STRING NOT NULL,message STRING,drifted_share DOUBLE,row_count_change DOUBLE,"
      + "ref_mutual_info DOUBLE,cur_mutual_info DOUBLE";
  /** Appended with the significance-and-size decision (columns are only ever appended). */
  private static final String DRIFT_DDL_DECISION = ",js_noise_floor DOUBLE,q_value DOUBLE,alpha DOUBLE,"
      + "top_bins ARRAY<STRUCT<bin: STRING, ref_share: DOUBLE, cur_share: DOUBLE, js_contribution: DOUBLE>>,"
      + "new_value_share DOUBLE";
  /** Appended with joint drift (issue 18): the :table row's multivariate columns. */
  private static final String DRIFT_DDL_JOINT = ",gaussian_kl_multivariate DOUBLE,gaussian_kl_diagonal DOUBLE,"
      + "correlation_shift DOUBLE,"
      + "top_pairs ARRAY<STRUCT<a: STRING, b: STRING, ref_corr: DOUBLE, cur_corr: DOUBLE, p_value: DOUBLE>>,"
      + "joint_rows_ref BIGINT,joint_rows_cur BIGINT";
  /** Appended with issue 25: the data-quality columns, then the new values of a categorical feature, by name. */
  private static final String DRIFT_DDL_VERDICTS = ",ref_mean DOUBLE,cur_mean DOUBLE,ref_zero_fraction DOUBLE,"
      + "cur_zero_fraction DOUBLE,ref_distinct_count BIGINT,cur_distinct_count BIGINT,columns_added ARRAY<STRING>,"
      + "columns_missing ARRAY<STRING>,columns_retyped ARRAY<STRING>,"
      + "top_new_values ARRAY<STRUCT<value: STRING, cur_share: DOUBLE>>";
  /** Appended with issue 27: the domain classifier's :table columns. */
  private static final String DRIFT_DDL_CLASSIFIER = ",classifier_auc DOUBLE,classifier_pvalue DOUBLE,"
      + "classifier_top_features ARRAY<STRUCT<feature: STRING, importance: DOUBLE>>";
  private static final String PROFILE_DDL = "profile_id STRING NOT NULL,role STRING NOT NULL,created_ts TIMESTAMP NOT NULL,"
      + "source STRING,granularity STRING,slice_keys ARRAY<STRING> NOT NULL,binning STRING,window_start TIMESTAMP,"
      + "window_end TIMESTAMP,slice_key STRING,slice_value STRING,column_name STRING NOT NULL,data_type STRING,"
      + "kind STRING,bin_edges ARRAY<DOUBLE>,categories ARRAY<STRING>,row_count BIGINT NOT NULL,"
      + "bin_counts ARRAY<BIGINT>,missing_count BIGINT,finite_count BIGINT,finite_mean DOUBLE,finite_m2 DOUBLE,"
      + "joint_label_counts ARRAY<BIGINT>,"
      + "joint_columns ARRAY<STRING>,joint_count BIGINT,joint_means ARRAY<DOUBLE>,joint_comoments ARRAY<DOUBLE>,"
      + "cells BINARY"; // appended with universal profiles (issue 23)

  @Test
  void theSchemasAreTheOnesWrittenBeforeColumnsWereDefinedOnce() {
    assertThat(DriftTable.SCHEMA.toDDL()).startsWith(DRIFT_DDL).isEqualTo(DRIFT_DDL + DRIFT_DDL_DECISION + DRIFT_DDL_JOINT
        + DRIFT_DDL_VERDICTS + DRIFT_DDL_CLASSIFIER);
    assertThat(ProfileTable.SCHEMA.toDDL()).isEqualTo(PROFILE_DDL);
    for (StructType schema : List.of(DriftTable.SCHEMA, ProfileTable.SCHEMA)) {
      Arrays.stream(schema.fields()).filter(f -> f.dataType() instanceof ArrayType)
          .forEach(f -> assertThat(((ArrayType) f.dataType()).containsNull()).as(f.name()).isFalse());
    }
  }

  @Test
  void anArrayOfStructsMapsToSparkAndItsValuesRoundTrip() {
    ColumnType topBins = ColumnType.arrayOf(ColumnType.struct(ColumnType.field("bin", ColumnType.STRING),
        ColumnType.field("ref_share", ColumnType.DOUBLE), ColumnType.field("cur_share", ColumnType.DOUBLE)));
    DataType spark = SparkColumns.dataType(topBins);
    assertThat(spark.simpleString()).isEqualTo("array<struct<bin:string,ref_share:double,cur_share:double>>");

    List<List<Object>> value = List.of(List.of("a", 0.5, 0.25), Arrays.asList("b", 0.5, null));
    Object external = SparkColumns.toSpark(topBins, value);
    assertThat(external.toString()).isEqualTo("[[a,0.5,0.25], [b,0.5,null]]");
    assertThat(SparkColumns.fromSpark(topBins, external)).isEqualTo(value);

    // a struct read back from a table written before its last field was appended: that field is null
    StructType older = new StructType().add("bin", "string").add("ref_share", "double");
    Row old = new GenericRowWithSchema(new Object[] {"a", 0.5}, older);
    assertThat(SparkColumns.fromSpark(topBins, List.of(old))).isEqualTo(List.of(Arrays.asList("a", 0.5, null)));
  }

  @Test
  void aColumnAnOlderRowLacksReadsAsNull() {
    StructType older = new StructType().add("run_id", "string").add("js_distance", "double");
    Row row = new GenericRowWithSchema(new Object[] {"r", 0.25}, older);
    assertThat(SparkColumns.read(row, DriftColumns.JS_DISTANCE)).isEqualTo(0.25);
    Column<Double> appended = DriftColumns.CUR_MUTUAL_INFO;
    assertThat(SparkColumns.read(row, appended)).isNull();
  }
}
