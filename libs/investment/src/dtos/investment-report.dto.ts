import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '@crm/shared';
import { FundingSource, FundingSourceGql } from '../entities/investment.enums';

@ObjectType('InvestmentReportRow', {
  description:
    'One group of an investment report. Amounts in yuan (Decimal) and in 亿元 / 万元 (rounded half up to 2 decimals); percentages rounded half up (growth to 1 decimal, target share to 2).',
})
export class InvestmentReportRowDto {
  @Field(() => String, { nullable: true, description: 'The group: a county code, chamber id, industry code, stage or key level (null: not set). Null on the total.' })
  key!: string | null;

  @Field({ description: 'The group as people read it: the county\'s or chamber\'s name, the industry code and name, the stage and key level in Chinese.' })
  label!: string;

  @Field(() => DecimalScalar, { description: 'Funds in place in the period (到位资金), yuan.' })
  fundsInPlace!: string;

  @Field()
  fundsInPlaceYi!: string;

  @Field()
  fundsInPlaceWan!: string;

  @Field(() => DecimalScalar, { description: 'Funds in place in the same period of the previous year.' })
  previousFunds!: string;

  @Field()
  previousFundsYi!: string;

  @Field(() => String, { nullable: true, description: 'Growth on the same period of the previous year, percent with 1 decimal ("94.0"); null without previous funds.' })
  growthPercent!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The annual funds target of the group's unit for the period's year (city for the total, a county, a chamber)." })
  target!: string | null;

  @Field(() => String, { nullable: true })
  targetYi!: string | null;

  @Field(() => String, { nullable: true, description: 'Funds in place as a percentage of the annual target, 2 decimals ("21.26").' })
  targetShare!: string | null;

  @Field(() => Int, { description: 'Projects signed in the period (新签约项目).' })
  newProjects!: number;

  @Field(() => DecimalScalar, { description: 'Their total investment, yuan.' })
  newProjectsInvestment!: string;

  @Field()
  newProjectsInvestmentYi!: string;

  @Field(() => DecimalScalar, { description: 'Funds in place in the period on the projects signed in it.' })
  newProjectsFunds!: string;

  @Field()
  newProjectsFundsYi!: string;

  @Field(() => Int, { description: 'Projects flagged stalled-risk now.' })
  stallRisk!: number;
}

@ObjectType('InvestmentReport', { description: 'The figures the office publishes for a period, within your scope.' })
export class InvestmentReportDto {
  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => FundingSourceGql, { nullable: true })
  source!: FundingSource | null;

  @Field(() => InvestmentReportRowDto)
  total!: InvestmentReportRowDto;

  @Field(() => [InvestmentReportRowDto])
  byCounty!: InvestmentReportRowDto[];

  @Field(() => [InvestmentReportRowDto])
  byChamber!: InvestmentReportRowDto[];

  @Field(() => [InvestmentReportRowDto])
  byIndustry!: InvestmentReportRowDto[];

  @Field(() => [InvestmentReportRowDto])
  byStage!: InvestmentReportRowDto[];

  @Field(() => [InvestmentReportRowDto])
  byKeyLevel!: InvestmentReportRowDto[];
}
