-- Every row of participant_mentions points to an existing article.
select *
from participant_mentions
where not exists (
    select 1 from articles where articles.article_id = participant_mentions.article_id
)
